package io.sluice.domain.aggregate;

import io.sluice.domain.event.UserId;
import java.util.Objects;
import java.util.Set;

/**
 * What a set of newly stored events adds to one bucket. The users are kept as a set so the
 * store can count only the users it had not seen in that bucket yet: unique users stay exact.
 * Immutable and thread-safe.
 *
 * @param key                the bucket
 * @param events             how many events the bucket gains
 * @param eventsWithDuration how many of them carried a duration
 * @param durationSeconds    the sum of those durations
 * @param users              the distinct users among them
 */
public record AggregateDelta(AggregateKey key, long events, long eventsWithDuration, double durationSeconds, Set<UserId> users) {

    public AggregateDelta {
        Objects.requireNonNull(key, "key");
        users = Set.copyOf(users);
        if (events <= 0 || eventsWithDuration < 0 || eventsWithDuration > events) {
            throw new IllegalArgumentException("a delta adds at least one event and at most that many durations");
        }
    }
}
