package io.sluice.domain.aggregate;

import java.util.Objects;

/**
 * The running totals of one bucket, as queried while the bucket is still open. Totals only ever
 * grow by deltas of events stored for the first time, so a replay cannot count twice.
 * Immutable and thread-safe.
 *
 * @param key                  the bucket
 * @param totalEvents          events counted in the bucket
 * @param uniqueUsers          distinct users among them (exact)
 * @param totalDurationSeconds sum of the durations carried by those events
 * @param eventsWithDuration   how many events carried a duration
 */
public record AggregateTotals(AggregateKey key, long totalEvents, long uniqueUsers, double totalDurationSeconds, long eventsWithDuration) {

    public AggregateTotals {
        Objects.requireNonNull(key, "key");
        if (totalEvents < 0 || uniqueUsers < 0 || uniqueUsers > totalEvents || eventsWithDuration > totalEvents) {
            throw new IllegalArgumentException("totals are consistent: users and durations never outnumber events");
        }
    }

    public static AggregateTotals empty(AggregateKey key) {
        return new AggregateTotals(key, 0, 0, 0, 0);
    }

    /** The average over the events that carried a duration; 0 when none did. */
    public double avgDurationSeconds() {
        return eventsWithDuration == 0 ? 0 : totalDurationSeconds / eventsWithDuration;
    }

    /**
     * Adds a delta.
     *
     * @param newUsers how many of the delta's users the bucket had not seen before
     */
    public AggregateTotals plus(AggregateDelta delta, long newUsers) {
        if (!delta.key().equals(key)) {
            throw new IllegalArgumentException("a delta is added to its own bucket only");
        }
        if (newUsers < 0 || newUsers > delta.users().size()) {
            throw new IllegalArgumentException("new users are a subset of the delta's users");
        }
        return new AggregateTotals(key, totalEvents + delta.events(), uniqueUsers + newUsers,
                totalDurationSeconds + delta.durationSeconds(), eventsWithDuration + delta.eventsWithDuration());
    }
}
