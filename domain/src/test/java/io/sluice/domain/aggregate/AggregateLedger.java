package io.sluice.domain.aggregate;

import io.sluice.domain.event.Event;
import io.sluice.domain.event.EventId;
import io.sluice.domain.event.UserId;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * The aggregation contract in memory: events recorded once by id, totals grown by deltas, unique
 * users counted exactly per bucket. The PostgreSQL store implements the same contract in SQL;
 * this class is its reference (and backs the in-memory store used in tests), so it lives in the
 * domain's test sources, shared as its test jar. Not thread-safe.
 */
public final class AggregateLedger {

    private final Set<EventId> seen = new HashSet<>();
    private final Map<AggregateKey, AggregateTotals> totals = new HashMap<>();
    private final Map<AggregateKey, Set<UserId>> usersByBucket = new HashMap<>();

    /**
     * Records events; ids recorded before, in this call or an earlier one, are skipped.
     *
     * @return the events recorded for the first time, in input order
     */
    public List<Event> record(Collection<Event> events) {
        List<Event> fresh = new ArrayList<>(events.size());
        for (Event event : events) {
            if (seen.add(event.id())) {
                fresh.add(event);
            }
        }
        for (AggregateDelta delta : EventAggregation.deltasOf(fresh)) {
            Set<UserId> users = usersByBucket.computeIfAbsent(delta.key(), k -> new HashSet<>());
            long newUsers = delta.users().stream().filter(users::add).count();
            totals.merge(delta.key(), AggregateTotals.empty(delta.key()).plus(delta, newUsers),
                    (old, added) -> old.plus(delta, newUsers));
        }
        return fresh;
    }

    public Optional<AggregateTotals> totals(AggregateKey key) {
        return Optional.ofNullable(totals.get(key));
    }

    public Collection<AggregateTotals> allTotals() {
        return List.copyOf(totals.values());
    }
}
