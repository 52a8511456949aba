package io.sluice.adapters.postgres;

import static io.sluice.adapters.postgres.TestEvents.GROUP;
import static io.sluice.adapters.postgres.TestEvents.STREAM;
import static io.sluice.adapters.postgres.TestEvents.T0;
import static io.sluice.adapters.postgres.TestEvents.batch;
import static io.sluice.adapters.postgres.TestEvents.event;
import static io.sluice.adapters.postgres.TestEvents.position;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import io.sluice.application.port.in.AggregateQuery;
import io.sluice.application.port.in.EventQuery;
import io.sluice.application.port.in.StoredEvent;
import io.sluice.application.port.out.Offset;
import io.sluice.application.port.out.StorableBatch;
import io.sluice.application.port.out.StoreRejectedException;
import io.sluice.application.port.out.StoreReport;
import io.sluice.domain.aggregate.AggregateLedger;
import io.sluice.domain.aggregate.AggregateTotals;
import io.sluice.domain.aggregate.Granularity;
import io.sluice.domain.deadletter.DeadLetterReason;
import io.sluice.domain.event.Event;
import io.sluice.domain.event.EventId;
import io.sluice.domain.event.EventType;
import io.sluice.domain.event.UserId;
import io.sluice.application.port.out.BufferedRecord;
import io.sluice.adapters.recordformat.RecordDocument;
import io.sluice.application.port.out.RecordDraft;
import io.sluice.application.port.in.DeadLetterQuery;
import io.sluice.application.port.in.StoredDeadLetter;
import io.sluice.application.port.out.BufferPosition;
import io.sluice.application.port.out.ReplayCandidate;
import io.sluice.application.port.out.StreamName;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.jdbi.v3.core.Jdbi;
import org.junit.jupiter.api.Test;

class PostgresStoreTest {

    private final FreshStore fixture = new FreshStore();
    private final PostgresStore store = fixture.store();
    private final EventReads eventReads = fixture.events();
    private final DeadLetterStore deadLetterStore = fixture.deadLetters();
    private final Jdbi jdbi = fixture.jdbi();

    @Test
    void storesEventsAggregatesAndPositionsOfABatchTogether() {
        List<Event> events = List.of(
                event("e1", "page_view", "u1", T0.plusSeconds(5), 2.0),
                event("e2", "page_view", "u2", T0.plusSeconds(10), null),
                event("e3", "page_view", "u1", T0.plusSeconds(70), 4.0),
                event("e4", "purchase", "u1", T0.plusSeconds(20), null));

        StoreReport report = store.store(batch(events, List.of(position(0, 4), position(1, 10))));

        assertThat(report).isEqualTo(new StoreReport(4, 0, 0, 0));
        assertThat(fixture.count("raw_events")).isEqualTo(4);
        assertThat(store.load(GROUP, STREAM).positions()).containsExactly(position(0, 4), position(1, 10));
        AggregateTotals firstMinute = fixture.totals(Granularity.MINUTE, T0, "page_view");
        assertThat(firstMinute.totalEvents()).isEqualTo(2);
        assertThat(firstMinute.uniqueUsers()).isEqualTo(2);
        assertThat(firstMinute.eventsWithDuration()).isEqualTo(1);
        assertThat(firstMinute.totalDurationSeconds()).isEqualTo(2.0);
        AggregateTotals hour = fixture.totals(Granularity.HOUR, T0, "page_view");
        assertThat(hour.totalEvents()).isEqualTo(3);
        assertThat(hour.uniqueUsers()).isEqualTo(2);
        assertThat(hour.avgDurationSeconds()).isEqualTo(3.0);
        assertThat(avgColumn("hourly_aggregations", "aggregation_hour", T0, "page_view")).isEqualTo(3.0);
        assertThat(eventReads.load(new AggregateQuery(Granularity.MINUTE, null, T0, T0.plusSeconds(3600))))
                .extracting(t -> t.key().bucketStart() + " " + t.key().type().value())
                .containsExactly(T0 + " page_view", T0 + " purchase", T0.plusSeconds(60) + " page_view");
    }

    @Test
    void replayingTheSameBatchChangesNoCount() {
        StorableBatch batch = batch(List.of(
                event("e1", "page_view", "u1", T0, 1.0),
                event("e2", "click", "u2", T0.plusSeconds(61), 3.0)), List.of(position(0, 2)));
        store.store(batch);
        List<Map<String, Object>> before = aggregateRows();

        StoreReport again = store.store(batch);

        assertThat(again).isEqualTo(new StoreReport(0, 2, 0, 0));
        assertThat(fixture.count("raw_events")).isEqualTo(2);
        assertThat(aggregateRows()).isEqualTo(before);
        assertThat(store.load(GROUP, STREAM).positions()).containsExactly(position(0, 2));
    }

    @Test
    void overlappingBatchesCountEachEventOnce() {
        store.store(batch(List.of(event("e1", "t", "u1", T0, null), event("e2", "t", "u2", T0, null)), List.of(position(0, 2))));

        StoreReport report = store.store(batch(List.of(event("e2", "t", "u2", T0, null), event("e3", "t", "u3", T0, null)),
                List.of(position(0, 3))));

        assertThat(report).isEqualTo(new StoreReport(1, 1, 0, 0));
        AggregateTotals minute = fixture.totals(Granularity.MINUTE, T0, "t");
        assertThat(minute.totalEvents()).isEqualTo(3);
        assertThat(minute.uniqueUsers()).isEqualTo(3);
    }

    @Test
    void aLateEventUpdatesTheBucketOfItsOwnTimestamp() {
        store.store(batch(List.of(event("now", "t", "u1", T0.plus(Duration.ofHours(5)), null)), List.of()));

        store.store(batch(List.of(event("late", "t", "u1", T0.plusSeconds(30), 5.0)), List.of()));

        assertThat(fixture.totals(Granularity.HOUR, T0, "t").totalEvents()).isEqualTo(1);
        assertThat(fixture.totals(Granularity.MINUTE, T0, "t").totalDurationSeconds()).isEqualTo(5.0);
        assertThat(fixture.totals(Granularity.HOUR, T0.plus(Duration.ofHours(5)), "t").totalEvents()).isEqualTo(1);
    }

    @Test
    void uniqueUsersStayExactAcrossBatches() {
        store.store(batch(List.of(event("a", "t", "u1", T0, null), event("b", "t", "u2", T0.plusSeconds(1), null)), List.of()));
        store.store(batch(List.of(event("c", "t", "u1", T0.plusSeconds(2), null), event("d", "t", "u3", T0.plusSeconds(3), null)), List.of()));
        store.store(batch(List.of(event("e", "t", "u2", T0.plusSeconds(4), null)), List.of()));

        AggregateTotals minute = fixture.totals(Granularity.MINUTE, T0, "t");
        assertThat(minute.totalEvents()).isEqualTo(5);
        assertThat(minute.uniqueUsers()).isEqualTo(3);
    }

    @Test
    void afterRandomBatchesEveryAggregateEqualsARecomputationFromRawEvents() {
        Random random = new Random(42);
        // Two stores on one database, as two Sluice processes: each remembers only the users it
        // committed itself, so the other's rows must still be met by the database's conflict check.
        List<PostgresStore> stores = List.of(store, new PostgresStore(jdbi));
        AggregateLedger reference = new AggregateLedger();
        List<Event> sent = new ArrayList<>();
        for (int b = 0; b < 25; b++) {
            Map<EventId, Event> batch = new java.util.LinkedHashMap<>();
            int size = 1 + random.nextInt(200);
            for (int i = 0; i < size; i++) {
                Event event;
                if (!sent.isEmpty() && random.nextInt(5) == 0) {
                    event = sent.get(random.nextInt(sent.size()));
                } else {
                    Instant at = T0.plusMillis(random.nextInt(3 * 3600 * 1000)).plusNanos(random.nextInt(1_000_000));
                    event = event("r" + b + "-" + i, "type" + random.nextInt(3), "user" + random.nextInt(25), at,
                            random.nextBoolean() ? null : random.nextInt(100_000) / 100.0);
                    sent.add(event);
                }
                batch.put(event.id(), event);
            }
            stores.get(random.nextInt(2)).store(batch(List.copyOf(batch.values()), List.of(position(0, b))));
            reference.record(batch.values());
        }

        for (Granularity granularity : Granularity.values()) {
            Map<String, Object[]> recomputed = recompute(granularity);
            List<AggregateTotals> stored = eventReads.load(new AggregateQuery(granularity, null, T0.minusSeconds(3600), T0.plusSeconds(5 * 3600)));
            assertThat(stored).hasSize(recomputed.size()).hasSize(reference.allTotals().stream()
                    .filter(t -> t.key().granularity() == granularity).toList().size());
            for (AggregateTotals totals : stored) {
                Object[] row = recomputed.get(totals.key().bucketStart() + "|" + totals.key().type().value());
                assertThat(row).as("recomputed bucket %s", totals.key()).isNotNull();
                assertThat(totals.totalEvents()).isEqualTo((Long) row[0]);
                assertThat(totals.uniqueUsers()).isEqualTo((Long) row[1]);
                assertThat(totals.eventsWithDuration()).isEqualTo((Long) row[3]);
                assertThat(totals.totalDurationSeconds()).isCloseTo((Double) row[2], within(1e-6));
                AggregateTotals expected = reference.totals(totals.key()).orElseThrow();
                assertThat(totals.totalEvents()).isEqualTo(expected.totalEvents());
                assertThat(totals.uniqueUsers()).isEqualTo(expected.uniqueUsers());
            }
        }
    }

    @Test
    void usersSentInARolledBackTransactionAreCountedWhenTheBatchIsStoredAgain() {
        List<Event> events = List.of(event("a1", "t", "u1", T0, null), event("a2", "t", "u2", T0.plusSeconds(1), null));
        // PostgreSQL text cannot hold NUL: the position upsert, after the aggregates, fails the transaction.
        StorableBatch failing = batch(events, List.of(new BufferPosition(new StreamName("user-events\u0000"), 0, new Offset(2))));

        assertThatThrownBy(() -> store.store(failing)).isInstanceOf(StoreRejectedException.class);
        assertThat(fixture.count("aggregation_users")).isZero();

        store.store(batch(events, List.of(position(0, 2))));

        // Had the store remembered u1 and u2 as counted when they were only sent, both would be missing.
        assertThat(fixture.totals(Granularity.MINUTE, T0, "t").uniqueUsers()).isEqualTo(2);
        assertThat(fixture.totals(Granularity.HOUR, T0, "t").uniqueUsers()).isEqualTo(2);
    }

    @Test
    void positionsOnlyMoveForward() {
        store.store(batch(List.of(), List.of(position(0, 100), position(1, 50))));

        store.store(batch(List.of(), List.of(position(0, 40), position(1, 60))));

        assertThat(store.load(GROUP, STREAM).positions()).containsExactly(position(0, 100), position(1, 60));
        assertThat(store.load(GROUP, new StreamName("other-stream")).positions()).isEmpty();
    }

    @Test
    void aRefusedBatchLeavesNothingWrittenAndIsolationDeadLettersOnlyThePoison() {
        store.store(batch(List.of(event("before", "t", "u0", T0, 1.0)), List.of(position(0, 1))));
        List<Map<String, Object>> aggregatesBefore = aggregateRows();
        Event poison = event("poison", "t", "u9", T0, null, Map.of("note", "a\u0000b"));
        StorableBatch batch = new StorableBatch(GROUP,
                List.of(event("good1", "t", "u1", T0.plusSeconds(1), 2.0), poison, event("good2", "t", "u2", T0.plusSeconds(2), null)),
                List.of(), List.of(), List.of(position(0, 4)), false, 3);

        assertThatThrownBy(() -> store.store(batch)).isInstanceOf(StoreRejectedException.class);

        assertThat(fixture.count("raw_events")).isEqualTo(1);
        assertThat(fixture.count("dead_letters")).isZero();
        assertThat(aggregateRows()).isEqualTo(aggregatesBefore);
        assertThat(store.load(GROUP, STREAM).positions()).containsExactly(position(0, 1));

        StoreReport isolated = store.store(batch.isolatingPoison(4));

        assertThat(isolated).isEqualTo(new StoreReport(2, 0, 0, 1));
        assertThat(eventReads.findById(new EventId("good1"))).isPresent();
        assertThat(eventReads.findById(new EventId("poison"))).isEmpty();
        assertThat(fixture.totals(Granularity.MINUTE, T0, "t").totalEvents()).isEqualTo(3);
        assertThat(store.load(GROUP, STREAM).positions()).containsExactly(position(0, 4));
        List<StoredDeadLetter> letters = deadLetterStore.find(new DeadLetterQuery(null, null, null, null, null, null, 10));
        assertThat(letters).singleElement().satisfies(stored -> {
            assertThat(stored.letter().reason()).isEqualTo(DeadLetterReason.RETRIES_EXHAUSTED);
            assertThat(stored.letter().eventId()).isEqualTo("poison");
            assertThat(stored.letter().attempts()).isEqualTo(4);
            assertThat(stored.letter().detail()).contains("Unicode escape");
            assertThat(stored.letter().payload()).isEqualTo(
                    JsonCodec.writeBytes(RecordDocument.toDocument(new BufferedRecord.EventRecord(poison))));
        });
        List<ReplayCandidate> candidates = deadLetterStore.replayCandidates(new DeadLetterQuery(null, null, null, null, null, null, 10));
        assertThat(candidates).singleElement().extracting(ReplayCandidate::draft).isInstanceOfSatisfying(RecordDraft.OfEvent.class,
                draft -> assertThat(draft.draft().eventId()).isEqualTo("poison"));
    }

    @Test
    void findsEventsNewestFirstWithFiltersAndACursor() {
        store.store(batch(List.of(
                event("e1", "page_view", "u1", T0, 1.5, Map.of("path", "/a", "n", 3, "nested", Map.of("k", List.of(1, "x")))),
                event("e2", "click", "u1", T0.plusSeconds(60), null),
                event("e3", "page_view", "u2", T0.plusSeconds(120), null),
                event("e4", "page_view", "u1", T0.plusSeconds(180), null)), List.of()));

        List<StoredEvent> all = eventReads.find(new EventQuery(null, null, null, null, null, 10));
        assertThat(all).extracting(e -> e.event().id().value()).containsExactly("e4", "e3", "e2", "e1");

        List<StoredEvent> pageViewsOfU1 = eventReads.find(new EventQuery(new EventType("page_view"), new UserId("u1"), null, null, null, 10));
        assertThat(pageViewsOfU1).extracting(e -> e.event().id().value()).containsExactly("e4", "e1");

        List<StoredEvent> page = eventReads.find(new EventQuery(null, null, T0.plusSeconds(60), T0.plusSeconds(180), null, 1));
        assertThat(page).extracting(e -> e.event().id().value()).containsExactly("e3");
        List<StoredEvent> next = eventReads.find(new EventQuery(null, null, T0.plusSeconds(60), T0.plusSeconds(180), page.get(0).sequence(), 1));
        assertThat(next).extracting(e -> e.event().id().value()).containsExactly("e2");

        StoredEvent first = eventReads.findById(new EventId("e1")).orElseThrow();
        assertThat(first.event()).isEqualTo(
                event("e1", "page_view", "u1", T0, 1.5, Map.of("path", "/a", "n", 3, "nested", Map.of("k", List.of(1, "x")))));
        assertThat(eventReads.stats().totalEvents()).isEqualTo(4);
        assertThat(eventReads.stats().eventsByType()).containsExactlyInAnyOrderEntriesOf(Map.of("page_view", 3L, "click", 1L));
        assertThat(eventReads.stats().lastProcessedAt()).isNotNull();
    }

    private double avgColumn(String table, String bucketColumn, Instant bucket, String type) {
        return jdbi.withHandle(h -> h.createQuery("SELECT avg_duration_seconds FROM " + table + " WHERE " + bucketColumn
                        + " = CAST(:b AS timestamptz) AND event_type = :t")
                .bind("b", bucket.toString()).bind("t", type).mapTo(Double.class).one());
    }

    private List<Map<String, Object>> aggregateRows() {
        return jdbi.withHandle(h -> {
            List<Map<String, Object>> rows = new ArrayList<>(h.createQuery(
                    "SELECT 'm' AS g, aggregation_minute AS b, event_type, total_events, unique_users, total_duration_seconds,"
                            + " events_with_duration FROM minute_aggregations ORDER BY 2, 3").mapToMap().list());
            rows.addAll(h.createQuery("SELECT 'h' AS g, aggregation_hour AS b, event_type, total_events, unique_users,"
                    + " total_duration_seconds, events_with_duration FROM hourly_aggregations ORDER BY 2, 3").mapToMap().list());
            rows.addAll(h.createQuery("SELECT 'u' AS g, count(*) AS n FROM aggregation_users").mapToMap().list());
            return rows;
        });
    }

    /** bucket|type → {events, distinct users, duration sum, events with duration}, by GROUP BY over raw_events. */
    private Map<String, Object[]> recompute(Granularity granularity) {
        String unit = granularity == Granularity.MINUTE ? "minute" : "hour";
        return jdbi.withHandle(h -> {
            Map<String, Object[]> rows = new HashMap<>();
            h.createQuery("SELECT date_trunc('" + unit + "', \"timestamp\" AT TIME ZONE 'UTC') AT TIME ZONE 'UTC' AS b, event_type,"
                            + " count(*) AS n, count(DISTINCT user_id) AS users, coalesce(sum(duration_seconds), 0) AS d,"
                            + " count(duration_seconds) AS nd FROM raw_events GROUP BY 1, 2")
                    .map((rs, ctx) -> Map.entry(EventReads.instant(rs, "b") + "|" + rs.getString("event_type"),
                            new Object[] {rs.getLong("n"), rs.getLong("users"), rs.getDouble("d"), rs.getLong("nd")}))
                    .forEach(e -> rows.put(e.getKey(), e.getValue()));
            return rows;
        });
    }
}
