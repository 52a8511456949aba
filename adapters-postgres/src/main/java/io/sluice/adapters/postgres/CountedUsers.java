package io.sluice.adapters.postgres;

import java.util.ArrayList;
import java.util.Collection;
import java.util.HashSet;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The {@code aggregation_users} rows this process saw committed, so a batch does not send them
 * again. Real traffic repeats the same users in a bucket all the time, and every repeat cost the
 * database a sorted unnest row and a primary-key probe that could only conflict. A row here is
 * one the database holds (rows are added only after their transaction committed, and
 * {@code aggregation_users} is never deleted from), so skipping it cannot change a count: its
 * insert would have conflicted. Losing this memory (restart, eviction) only costs the probes again.
 *
 * <p>Bounded: past {@code capacity} users, whole buckets are forgotten, least recently used
 * first (old minutes stop being written to long before the current hour does). Thread-safe.
 */
final class CountedUsers {

    /** One aggregate bucket: granularity label, bucket start as written to the database, event type. */
    record Bucket(String granularity, String start, String type) {
    }

    /** A user of a bucket, as sent to {@code aggregation_users}. */
    record Row(Bucket bucket, String user) {
    }

    private final int capacity;
    private final LinkedHashMap<Bucket, Set<String>> users = new LinkedHashMap<>(64, 0.75f, true);
    private int size;

    CountedUsers(int capacity) {
        if (capacity < 0) {
            throw new IllegalArgumentException("capacity must not be negative: " + capacity);
        }
        this.capacity = capacity;
    }

    /** The users of {@code candidates} not remembered for {@code bucket}, in their order: one lookup of the bucket for all. */
    synchronized List<String> unknown(Bucket bucket, Collection<String> candidates) {
        Set<String> known = users.get(bucket);
        if (known == null) {
            return List.copyOf(candidates);
        }
        List<String> unknown = new ArrayList<>();
        for (String user : candidates) {
            if (!known.contains(user)) {
                unknown.add(user);
            }
        }
        return unknown;
    }

    /** Call only after the transaction that inserted (or met) these rows committed. */
    synchronized void committed(List<Row> rows) {
        if (capacity == 0) {
            return;
        }
        for (Row row : rows) {
            if (users.computeIfAbsent(row.bucket(), b -> new HashSet<>()).add(row.user())) {
                size++;
            }
        }
        Iterator<Map.Entry<Bucket, Set<String>>> eldest = users.entrySet().iterator();
        while (size > capacity && eldest.hasNext()) {
            size -= eldest.next().getValue().size();
            eldest.remove();
        }
    }

    synchronized int size() {
        return size;
    }
}
