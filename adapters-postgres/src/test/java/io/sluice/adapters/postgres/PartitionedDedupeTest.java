package io.sluice.adapters.postgres;

import static io.sluice.adapters.postgres.TestEvents.T0;
import static io.sluice.adapters.postgres.TestEvents.batch;
import static io.sluice.adapters.postgres.TestEvents.event;
import static io.sluice.adapters.postgres.TestEvents.position;
import static org.assertj.core.api.Assertions.assertThat;

import io.sluice.application.port.out.StoreReport;
import io.sluice.domain.event.Event;
import io.sluice.domain.event.EventProperties;
import io.sluice.domain.event.EventSource;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

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
}
