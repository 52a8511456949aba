package io.sluice.bootstrap.reliability;

import java.util.HashSet;
import java.util.Set;
import org.jdbi.v3.core.Jdbi;

/**
 * The hostile mix's books against the database, once drained: acknowledged items that became
 * dead letters in the consumer (the rules at the door must make that impossible), refused items
 * (one by one, or in a request refused whole with a 4xx) that were stored anyway, and whether the
 * dead letters cover at least every item refused one by one. Immutable.
 */
record HostileOutcome(long acknowledged, long acknowledgedDeadLettered, long refusedItems, long refusedWhole, long refusedStored,
                      long deadLetters) {

    static HostileOutcome of(Jdbi jdbi, HostileClient client) {
        Set<String> refused = new HashSet<>(client.refusedItems);
        refused.addAll(client.refusedWhole);
        long refusedStored = jdbi.withHandle(h -> h.createQuery("SELECT count(*) FROM raw_events WHERE event_id = ANY(:ids)")
                .bind("ids", refused.toArray(String[]::new)).mapTo(Long.class).one());
        long acknowledgedDeadLettered = jdbi.withHandle(h -> h.createQuery(
                        "SELECT count(DISTINCT event_id) FROM dead_letters WHERE event_id = ANY(:ids)")
                .bind("ids", client.acknowledged.toArray(String[]::new)).mapTo(Long.class).one());
        long deadLetters = jdbi.withHandle(h -> h.createQuery("SELECT count(*) FROM dead_letters").mapTo(Long.class).one());
        return new HostileOutcome(client.acknowledged.size(), acknowledgedDeadLettered, client.refusedItems.size(),
                client.refusedWhole.size(), refusedStored, deadLetters);
    }

    /** Acknowledged items never dead letters, refused items never rows, every item refused one by one a dead letter. */
    boolean holds() {
        return acknowledgedDeadLettered == 0 && refusedStored == 0 && deadLetters >= refusedItems && acknowledged > 0;
    }

    String table() {
        return "| hostile items acknowledged | of them dead-lettered by the consumer | refused one by one (202) | in requests refused whole (4xx)"
                + " | refused but stored | dead letters in the store |\n|---|---|---|---|---|---|\n"
                + String.format("| %d | %d | %d | %d | %d | %d |%n", acknowledged, acknowledgedDeadLettered, refusedItems, refusedWhole,
                refusedStored, deadLetters);
    }
}
