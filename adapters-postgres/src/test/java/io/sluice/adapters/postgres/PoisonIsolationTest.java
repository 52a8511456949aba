package io.sluice.adapters.postgres;

import static io.sluice.adapters.postgres.TestEvents.GROUP;
import static io.sluice.adapters.postgres.TestEvents.STREAM;
import static io.sluice.adapters.postgres.TestEvents.T0;
import static io.sluice.adapters.postgres.TestEvents.batch;
import static io.sluice.adapters.postgres.TestEvents.event;
import static io.sluice.adapters.postgres.TestEvents.position;
import static io.sluice.adapters.postgres.TestEvents.sample;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.sluice.application.port.in.DeadLetterQuery;
import io.sluice.application.port.in.MetricQuery;
import io.sluice.application.port.in.StoredDeadLetter;
import io.sluice.application.port.out.StorableBatch;
import io.sluice.application.port.out.StoreRejectedException;
import io.sluice.application.port.out.StoreReport;
import io.sluice.domain.aggregate.AggregateTotals;
import io.sluice.domain.aggregate.Granularity;
import io.sluice.domain.deadletter.DeadLetterReason;
import io.sluice.domain.event.Event;
import io.sluice.domain.event.EventId;
import io.sluice.domain.metric.MetricName;
import io.sluice.domain.metric.MetricSummary;
import io.sluice.domain.metric.MetricWindow;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * Issue 13, finding 1, against a real PostgreSQL: a record whose aggregate update the database
 * refuses (a bucket sum overflowing double precision) is set aside alone when the batch is
 * isolated, with everything else of the batch stored and counted exactly once.
 */
class PoisonIsolationTest {

    private static final double HUGE = 1.7e308;

    private final FreshStore fixture = new FreshStore();
    private final PostgresStore store = fixture.store();
    private final EventReads eventReads = fixture.events();
    private final MetricReads metricReads = fixture.metrics();
    private final DeadLetterStore deadLetterStore = fixture.deadLetters();

    @Test
    void aDurationThatOverflowsItsStoredBucketIsDeadLetteredAndTheRestOfTheBatchCommits() {
        store.store(batch(List.of(event("first-huge", "t", "u0", T0, HUGE)), List.of(position(0, 1))));
        StorableBatch next = batch(List.of(
                event("good1", "t", "u1", T0.plusSeconds(1), 2.0),
                event("second-huge", "t", "u9", T0.plusSeconds(2), HUGE),
                event("good2", "t", "u2", T0.plusSeconds(3), null)), List.of(position(0, 4)));

        // The bulk write is refused as a whole, and leaves nothing behind.
        assertThatThrownBy(() -> store.store(next)).isInstanceOf(StoreRejectedException.class);
        assertThat(fixture.count("raw_events")).isEqualTo(1);

        StoreReport report = store.store(next.isolatingPoison(6));

        assertThat(report).isEqualTo(new StoreReport(2, 0, 0, 1));
        assertThat(eventReads.findById(new EventId("good1"))).isPresent();
        assertThat(eventReads.findById(new EventId("good2"))).isPresent();
        assertThat(eventReads.findById(new EventId("second-huge"))).isEmpty();
        for (Granularity granularity : Granularity.values()) {
            AggregateTotals bucket = fixture.totals(granularity, granularity.bucketOf(T0), "t");
            assertThat(bucket.totalEvents()).isEqualTo(3);
            // u9 came only with the refused event: counting it would break exactness.
            assertThat(bucket.uniqueUsers()).isEqualTo(3);
            assertThat(bucket.eventsWithDuration()).isEqualTo(2);
            assertThat(bucket.totalDurationSeconds()).isEqualTo(HUGE + 2.0);
        }
        assertThat(store.load(GROUP, STREAM).positions()).containsExactly(position(0, 4));
        assertThat(deadLetters()).singleElement().satisfies(stored -> {
            assertThat(stored.letter().reason()).isEqualTo(DeadLetterReason.RETRIES_EXHAUSTED);
            assertThat(stored.letter().eventId()).isEqualTo("second-huge");
            assertThat(stored.letter().detail()).startsWith("the store refused this record: aggregate_overflow").contains("22003");
        });
    }

    @Test
    void twoOverflowingDurationsInOneBatchAreNeverStoredAsInfinity() {
        StorableBatch both = batch(List.of(
                event("huge1", "t", "u1", T0, HUGE),
                event("huge2", "t", "u2", T0.plusSeconds(1), HUGE),
                event("small", "t", "u3", T0.plusSeconds(2), 1.0)), List.of(position(0, 3)));

        assertThatThrownBy(() -> store.store(both)).isInstanceOf(StoreRejectedException.class)
                .hasMessageContaining("aggregate_overflow");
        assertThat(fixture.count("raw_events")).isZero();

        StoreReport report = store.store(both.isolatingPoison(6));

        assertThat(report).isEqualTo(new StoreReport(2, 0, 0, 1));
        AggregateTotals minute = fixture.totals(Granularity.MINUTE, T0, "t");
        assertThat(minute.totalEvents()).isEqualTo(2);
        assertThat(minute.totalDurationSeconds()).isEqualTo(HUGE + 1.0).isFinite();
        assertThat(deadLetters()).singleElement().satisfies(stored -> assertThat(stored.letter().eventId()).isEqualTo("huge2"));
    }

    @Test
    void metricSamplesWhoseSumOverflowsAreDeadLetteredAndTheirNeighboursStored() {
        store.store(batch(List.of(), List.of(sample("m0", "cpu", HUGE, T0, Map.of())), List.of(), List.of(position(0, 1))));
        StorableBatch next = batch(List.of(), List.of(
                sample("m1", "cpu", 1.0, T0.plusSeconds(1), Map.of()),
                sample("m2", "cpu", HUGE, T0.plusSeconds(2), Map.of()),
                sample("m3", "cpu", -HUGE, T0.plusSeconds(3), Map.of("core", "1")),
                sample("m4", "cpu", -HUGE, T0.plusSeconds(4), Map.of("core", "1")),
                sample("m5", "cpu", 2.0, T0.plusSeconds(5), Map.of())), List.of(), List.of(position(0, 6)));

        assertThatThrownBy(() -> store.store(next)).isInstanceOf(StoreRejectedException.class);

        StoreReport report = store.store(next.isolatingPoison(6));

        assertThat(report).isEqualTo(new StoreReport(0, 0, 3, 2));
        List<MetricSummary> minutes = metricReads.summaries(new MetricQuery(MetricWindow.ONE_MINUTE, new MetricName("cpu"), T0,
                T0.plusSeconds(60)));
        assertThat(minutes).hasSize(2).allSatisfy(summary -> assertThat(summary.sum()).isFinite());
        assertThat(minutes).anySatisfy(summary -> {
            assertThat(summary.count()).isEqualTo(3);
            assertThat(summary.sum()).isEqualTo(HUGE + 1.0 + 2.0);
        });
        assertThat(minutes).anySatisfy(summary -> {
            assertThat(summary.count()).isEqualTo(1);
            assertThat(summary.sum()).isEqualTo(-HUGE);
        });
        assertThat(deadLetters()).extracting(d -> d.letter().detail()).hasSize(2)
                .allSatisfy(detail -> assertThat(detail).contains("aggregate_overflow"));
        assertThat(store.load(GROUP, STREAM).positions()).containsExactly(position(0, 6));
    }

    @Test
    void isolationFindsEveryPoisonedRecordAmongManyAndStoresAllOthersOnce() {
        store.store(batch(List.of(event("seed", "t", "u0", T0, HUGE)), List.of(position(0, 1))));
        List<Event> events = new ArrayList<>();
        double goodDurations = 0;
        for (int i = 0; i < 500; i++) {
            boolean poisoned = i == 0 || i == 137 || i == 138 || i == 499;
            double duration = poisoned ? HUGE : i;
            if (!poisoned) {
                goodDurations += duration;
            }
            events.add(event("e" + i, "t", "u" + (i % 50), T0.plusMillis(i), duration));
        }
        // A refusal of another kind in the same batch: PostgreSQL text holds no NUL.
        events.add(event("nul", "t", "u1", T0, null, Map.of("note", "a\u0000b")));

        StoreReport report = store.store(new StorableBatch(GROUP, events, List.of(), List.of(), List.of(position(0, 502)), true, 6));

        assertThat(report).isEqualTo(new StoreReport(496, 0, 0, 5));
        assertThat(fixture.count("raw_events")).isEqualTo(497);
        AggregateTotals minute = fixture.totals(Granularity.MINUTE, T0, "t");
        assertThat(minute.totalEvents()).isEqualTo(497);
        assertThat(minute.eventsWithDuration()).isEqualTo(497);
        assertThat(minute.totalDurationSeconds()).isEqualTo(HUGE + goodDurations);
        assertThat(minute.uniqueUsers()).isEqualTo(50);
        assertThat(deadLetters()).extracting(d -> d.letter().eventId())
                .containsExactlyInAnyOrder("e0", "e137", "e138", "e499", "nul");

        // Read again (a crash before the commit became visible to the reader): nothing is stored or counted twice.
        StoreReport again = store.store(new StorableBatch(GROUP, events, List.of(), List.of(), List.of(position(0, 502)), true, 7));
        assertThat(again.eventsStored()).isZero();
        assertThat(fixture.totals(Granularity.MINUTE, T0, "t").totalEvents()).isEqualTo(497);
    }

    private List<StoredDeadLetter> deadLetters() {
        return deadLetterStore.find(new DeadLetterQuery(null, null, null, null, null, null, 100));
    }
}
