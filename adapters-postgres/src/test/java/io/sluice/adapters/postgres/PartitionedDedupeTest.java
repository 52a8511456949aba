package io.sluice.adapters.postgres;

import static io.sluice.adapters.postgres.TestEvents.T0;
import static io.sluice.adapters.postgres.TestEvents.batch;
import static io.sluice.adapters.postgres.TestEvents.event;
import static io.sluice.adapters.postgres.TestEvents.position;
import static io.sluice.adapters.postgres.TestEvents.sample;
import static org.assertj.core.api.Assertions.assertThat;

import io.sluice.application.port.out.StoreReport;
import io.sluice.domain.event.Event;
import io.sluice.domain.event.EventProperties;
import io.sluice.domain.event.EventSource;
import io.sluice.domain.metric.MetricSample;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** Day partitions are created on demand, and dedupe by id holds across them whatever the timestamp. */
class PartitionedDedupeTest {

    private final FreshStore fixture = new FreshStore();
    private final PostgresStore store = fixture.store();

    @Test
    void historicalEventsGetTheirOwnDayPartitionOnDemand() {
        Instant longAgo = Instant.parse("2019-07-14T23:59:59Z");
        store.store(batch(List.of(event("old", "page_view", "u1", longAgo, null)), List.of(position(0, 1))));

        assertThat(fixture.count("raw_events_p20190714")).isEqualTo(1);
        assertThat(fixture.count("hourly_aggregations_p20190714")).isEqualTo(1);
        assertThat(fixture.count("aggregation_users_p20190714")).isEqualTo(2);
    }

    @Test
    void aRetryWithAnotherTimestampIsStillADuplicate() {
        Event first = event("same-id", "purchase", "u1", T0, 1.0);
        Event retry = retimed(first, T0.minus(Duration.ofDays(3)), T0.plus(Duration.ofHours(30)));

        StoreReport one = store.store(batch(List.of(first), List.of(position(0, 1))));
        StoreReport two = store.store(batch(List.of(retry), List.of(position(0, 2))));

        assertThat(one.eventsStored()).isEqualTo(1);
        assertThat(two.eventsStored()).isZero();
        assertThat(two.duplicates()).isEqualTo(1);
        assertThat(fixture.count("raw_events")).isEqualTo(1);
        long hourly = fixture.jdbi().withHandle(h -> h.createQuery("SELECT sum(total_events) FROM hourly_aggregations").mapTo(Long.class).one());
        assertThat(hourly).isEqualTo(1);
    }

    /**
     * The week of the first receipt answers through its partition's unique index on the id, the
     * others through the claim's anti-join; a retry may come before or after the first receipt's
     * week (a record read again from the buffer keeps its old receipt time).
     */
    @ParameterizedTest(name = "retry received {1}")
    @CsvSource({"PT7H, later the same week", "P6D, on the last day of the same week", "P8D, the week after",
            "-P8D, the week before (the first receipt read later)", "-P29D, four weeks before"})
    void aRetryReceivedInAnyWeekIsADuplicate(Duration receivedLater, String when) {
        Instant monday = Instant.parse("2026-03-02T00:00:00Z");
        Event first = retimed(event("retried", "purchase", "u1", T0, 1.0), T0, monday);
        Event retry = retimed(first, T0.plus(Duration.ofMinutes(5)), monday.plus(receivedLater));

        StoreReport one = store.store(batch(List.of(first), List.of(position(0, 1))));
        StoreReport two = store.store(batch(List.of(retry), List.of(position(0, 2))));

        assertThat(one.eventsStored()).isEqualTo(1);
        assertThat(two.eventsStored()).as(when).isZero();
        assertThat(two.duplicates()).isEqualTo(1);
        assertThat(fixture.count("raw_events")).isEqualTo(1);
        assertThat(fixture.count("event_ids")).isEqualTo(1);
    }

    @Test
    void aSampleRetriedLaterInTheSameWeekIsADuplicate() {
        Instant monday = Instant.parse("2026-03-02T00:00:00Z");
        MetricSample first = receivedAt(sample("s-retried", "latency", 1, T0, Map.of()), monday.plus(Duration.ofHours(1)));
        MetricSample retry = receivedAt(first, monday.plus(Duration.ofDays(3)));

        StoreReport one = store.store(batch(List.of(), List.of(first), List.of(), List.of(position(0, 1))));
        StoreReport two = store.store(batch(List.of(), List.of(retry), List.of(), List.of(position(0, 2))));

        assertThat(one.samplesStored()).isEqualTo(1);
        assertThat(two.samplesStored()).isZero();
        assertThat(fixture.count("metrics")).isEqualTo(1);
        assertThat(fixture.count("sample_ids")).isEqualTo(1);
    }

    @Test
    void anIdRepeatedInsideOneBatchOnOtherDaysIsStoredOnce() {
        Event a = event("twice", "click", "u1", T0, null);
        Event b = retimed(a, T0.plus(Duration.ofDays(2)), T0.plus(Duration.ofDays(2)));

        StoreReport report = store.store(batch(List.of(a, b), List.of(position(0, 2))));

        assertThat(report.eventsStored()).isEqualTo(1);
        assertThat(report.duplicates()).isEqualTo(1);
        assertThat(fixture.count("raw_events")).isEqualTo(1);
        assertThat(fixture.count("event_ids")).isEqualTo(1);
    }

    private static Event retimed(Event event, Instant timestamp, Instant receivedAt) {
        return new Event(event.id(), event.type(), event.user(), event.session(), timestamp, receivedAt, event.durationSeconds(),
                EventProperties.of(Map.of("retry", true)), EventSource.NATIVE);
    }

    private static MetricSample receivedAt(MetricSample sample, Instant receivedAt) {
        return new MetricSample(sample.id(), sample.name(), sample.value(), sample.timestamp(), receivedAt, sample.labels());
    }
}
