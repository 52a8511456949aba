package io.sluice.domain.aggregate;

import static io.sluice.domain.event.Drafts.event;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import io.sluice.domain.event.Event;
import io.sluice.domain.event.EventType;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;

class AggregateLedgerTest {

    private static final EventType VIEW = new EventType("page_view");
    private static final EventType CLICK = new EventType("click");

    private final AggregateLedger ledger = new AggregateLedger();

    private static Event at(String id, String type, String user, String timestamp, Double duration) {
        return event().eventId(id).eventType(type).userId(user).timestamp(timestamp).duration(duration).valid();
    }

    private static Event view(String id, String user, String timestamp) {
        return at(id, "page_view", user, timestamp, null);
    }

    private AggregateTotals totals(Granularity granularity, String bucket, EventType type) {
        return ledger.totals(new AggregateKey(granularity, Instant.parse(bucket), type))
                .orElseThrow(() -> new AssertionError("no bucket " + granularity + " " + bucket + " " + type));
    }

    @Test
    void eventsLandInTheirMinuteAndHourBuckets() {
        ledger.record(List.of(
                view("a", "u1", "2024-01-15T10:00:00Z"),
                view("b", "u1", "2024-01-15T10:00:59.999Z"),
                view("c", "u2", "2024-01-15T10:01:00Z"),
                view("d", "u3", "2024-01-15T10:59:59Z"),
                view("e", "u3", "2024-01-15T11:00:00Z")));

        assertThat(totals(Granularity.MINUTE, "2024-01-15T10:00:00Z", VIEW).totalEvents()).isEqualTo(2);
        assertThat(totals(Granularity.MINUTE, "2024-01-15T10:01:00Z", VIEW).totalEvents()).isEqualTo(1);
        assertThat(totals(Granularity.MINUTE, "2024-01-15T10:59:00Z", VIEW).totalEvents()).isEqualTo(1);
        assertThat(totals(Granularity.HOUR, "2024-01-15T10:00:00Z", VIEW).totalEvents()).isEqualTo(4);
        assertThat(totals(Granularity.HOUR, "2024-01-15T11:00:00Z", VIEW).totalEvents()).isEqualTo(1);
        assertThat(ledger.allTotals()).hasSize(4 + 2);
    }

    @Test
    void eventTypesAreCountedApart() {
        ledger.record(List.of(view("a", "u1", "2024-01-15T10:00:00Z"),
                at("b", "click", "u1", "2024-01-15T10:00:10Z", null)));

        assertThat(totals(Granularity.HOUR, "2024-01-15T10:00:00Z", VIEW).totalEvents()).isEqualTo(1);
        assertThat(totals(Granularity.HOUR, "2024-01-15T10:00:00Z", CLICK).totalEvents()).isEqualTo(1);
    }

    @Test
    void uniqueUsersAreExactWithinAndAcrossBatches() {
        ledger.record(List.of(view("a", "u1", "2024-01-15T10:00:00Z"), view("b", "u2", "2024-01-15T10:05:00Z"),
                view("c", "u1", "2024-01-15T10:10:00Z"), view("d", "u3", "2024-01-15T10:15:00Z"),
                view("e", "u2", "2024-01-15T10:20:00Z")));
        assertThat(totals(Granularity.HOUR, "2024-01-15T10:00:00Z", VIEW).uniqueUsers()).isEqualTo(3);

        ledger.record(List.of(view("f", "u1", "2024-01-15T10:30:00Z"), view("g", "u4", "2024-01-15T10:31:00Z")));
        AggregateTotals hour = totals(Granularity.HOUR, "2024-01-15T10:00:00Z", VIEW);
        assertThat(hour.totalEvents()).isEqualTo(7);
        assertThat(hour.uniqueUsers()).isEqualTo(4);
        assertThat(totals(Granularity.MINUTE, "2024-01-15T10:30:00Z", VIEW).uniqueUsers()).isEqualTo(1);
    }

    @Test
    void durationsAreSummedAndAveragedOverTheEventsThatCarryOne() {
        ledger.record(List.of(at("a", "page_view", "u1", "2024-01-15T10:00:00Z", 2.0),
                at("b", "page_view", "u1", "2024-01-15T10:20:00Z", 4.5),
                at("c", "page_view", "u1", "2024-01-15T10:40:00Z", null),
                at("d", "page_view", "u1", "2024-01-15T10:41:00Z", 0.0)));

        AggregateTotals hour = totals(Granularity.HOUR, "2024-01-15T10:00:00Z", VIEW);
        assertThat(hour.totalEvents()).isEqualTo(4);
        assertThat(hour.eventsWithDuration()).isEqualTo(3);
        assertThat(hour.totalDurationSeconds()).isCloseTo(6.5, within(1e-12));
        assertThat(hour.avgDurationSeconds()).isCloseTo(6.5 / 3, within(1e-12));
    }

    @Test
    void aBucketWithoutDurationsAveragesZero() {
        ledger.record(List.of(view("a", "u1", "2024-01-15T10:00:00Z")));
        assertThat(totals(Granularity.HOUR, "2024-01-15T10:00:00Z", VIEW).avgDurationSeconds()).isZero();
    }

    @Test
    void lateEventsCountInTheirOwnPastBucket() {
        ledger.record(List.of(view("now", "u1", "2024-01-15T11:00:00Z")));
        AggregateTotals current = totals(Granularity.HOUR, "2024-01-15T11:00:00Z", VIEW);

        ledger.record(List.of(view("late", "u1", "2024-01-15T09:15:30Z")));

        assertThat(totals(Granularity.HOUR, "2024-01-15T09:00:00Z", VIEW).totalEvents()).isEqualTo(1);
        assertThat(totals(Granularity.MINUTE, "2024-01-15T09:15:00Z", VIEW).totalEvents()).isEqualTo(1);
        assertThat(totals(Granularity.HOUR, "2024-01-15T11:00:00Z", VIEW)).isEqualTo(current);
    }

    @Test
    void theSameIdWithinABatchCountsOnce() {
        Event first = view("dup", "u1", "2024-01-15T10:00:00Z");
        Event again = view("dup", "u2", "2024-01-15T10:30:00Z");

        assertThat(ledger.record(List.of(first, again))).containsExactly(first);

        AggregateTotals hour = totals(Granularity.HOUR, "2024-01-15T10:00:00Z", VIEW);
        assertThat(hour.totalEvents()).isEqualTo(1);
        assertThat(hour.uniqueUsers()).isEqualTo(1);
    }

    @Test
    void theSameIdAcrossBatchesCountsOnce() {
        ledger.record(List.of(view("dup", "u1", "2024-01-15T10:00:00Z")));
        Event fresh = view("new", "u2", "2024-01-15T10:01:00Z");

        assertThat(ledger.record(List.of(view("dup", "u9", "2024-01-15T10:00:00Z"), fresh))).containsExactly(fresh);

        AggregateTotals hour = totals(Granularity.HOUR, "2024-01-15T10:00:00Z", VIEW);
        assertThat(hour.totalEvents()).isEqualTo(2);
        assertThat(hour.uniqueUsers()).isEqualTo(2);
    }

    @Test
    void recordingABatchAgainChangesNothing() {
        List<Event> batch = List.of(at("a", "page_view", "u1", "2024-01-15T10:00:00Z", 1.0),
                at("b", "click", "u2", "2024-01-15T10:00:10Z", 2.0), view("c", "u3", "2024-01-14T23:59:59Z"));
        ledger.record(batch);
        var before = List.copyOf(ledger.allTotals());

        assertThat(ledger.record(batch)).isEmpty();
        assertThat(ledger.allTotals()).containsExactlyInAnyOrderElementsOf(before);
    }

    @Test
    void deltasCoverEveryGranularityOfEveryBucket() {
        List<AggregateDelta> deltas = EventAggregation.deltasOf(List.of(
                at("a", "page_view", "u1", "2024-01-15T10:00:01Z", 1.0),
                at("b", "page_view", "u2", "2024-01-15T10:00:02Z", null),
                at("c", "page_view", "u1", "2024-01-15T10:02:00Z", 3.0)));

        assertThat(deltas).hasSize(3);
        AggregateDelta hour = deltas.stream().filter(d -> d.key().granularity() == Granularity.HOUR).findFirst().orElseThrow();
        assertThat(hour.events()).isEqualTo(3);
        assertThat(hour.eventsWithDuration()).isEqualTo(2);
        assertThat(hour.durationSeconds()).isEqualTo(4.0);
        assertThat(hour.users()).hasSize(2);
        assertThat(EventAggregation.deltasOf(List.of())).isEmpty();
    }

    @Test
    void bucketsStartOnTheirBoundary() {
        assertThat(Granularity.MINUTE.bucketOf(Instant.parse("2024-01-15T10:07:59.999Z"))).isEqualTo(Instant.parse("2024-01-15T10:07:00Z"));
        assertThat(Granularity.HOUR.bucketOf(Instant.parse("2024-01-15T10:07:59.999Z"))).isEqualTo(Instant.parse("2024-01-15T10:00:00Z"));
        assertThatThrownBy(() -> new AggregateKey(Granularity.HOUR, Instant.parse("2024-01-15T10:07:00Z"), VIEW))
                .isInstanceOf(IllegalArgumentException.class);
        assertThat(Granularity.fromLabel("minute")).isEqualTo(Granularity.MINUTE);
        assertThatThrownBy(() -> Granularity.fromLabel("day")).isInstanceOf(IllegalArgumentException.class);
    }
}
