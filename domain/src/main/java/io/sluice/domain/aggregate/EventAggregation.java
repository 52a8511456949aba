package io.sluice.domain.aggregate;

import io.sluice.domain.event.Event;
import io.sluice.domain.event.UserId;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Turns a batch of newly stored events into per-bucket deltas, for every granularity. The caller
 * passes only events stored for the first time (deduplicated), which is what makes the counts
 * exact. Stateless and thread-safe.
 */
public final class EventAggregation {

    private EventAggregation() {
    }

    public static List<AggregateDelta> deltasOf(Collection<Event> newlyStored) {
        Map<AggregateKey, Accumulator> buckets = new HashMap<>();
        for (Event event : newlyStored) {
            for (Granularity granularity : Granularity.values()) {
                AggregateKey key = new AggregateKey(granularity, granularity.bucketOf(event.timestamp()), event.type());
                buckets.computeIfAbsent(key, k -> new Accumulator()).add(event);
            }
        }
        List<AggregateDelta> deltas = new ArrayList<>(buckets.size());
        buckets.forEach((key, acc) -> deltas.add(new AggregateDelta(key, acc.events, acc.withDuration, acc.duration, acc.users)));
        return deltas;
    }

    private static final class Accumulator {
        private long events;
        private long withDuration;
        private double duration;
        private final Set<UserId> users = new HashSet<>();

        void add(Event event) {
            events++;
            users.add(event.user());
            if (event.durationSeconds() != null) {
                withDuration++;
                duration += event.durationSeconds();
            }
        }
    }
}
