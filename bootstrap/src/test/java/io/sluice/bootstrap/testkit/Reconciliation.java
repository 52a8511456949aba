package io.sluice.bootstrap.testkit;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.jdbi.v3.core.Jdbi;
import org.jdbi.v3.core.transaction.TransactionIsolationLevel;

/**
 * The exactly-once check every proof ends with: what the database holds against what the load
 * client was told. Acknowledged ids that are missing (lost), ids stored more than once (counted
 * twice), stored ids nobody sent (invented), and the hourly and minute aggregates of the whole
 * database against a recomputation from {@code raw_events}, in one snapshot. Immutable.
 */
public record Reconciliation(long sent, long acknowledged, long storedRows, long distinctStored, List<String> lostSample, long lost,
                             long invented, boolean hourlyAggregatesMatch, boolean minuteAggregatesMatch) {

    /** Every stored event id counts; the database must hold only this test's events. */
    public static Reconciliation of(Jdbi jdbi, Set<String> sent, Set<String> acknowledged) {
        return of(jdbi, "", sent, acknowledged);
    }

    /** Only the stored event ids that start with {@code idPrefix}{@code -} count (a database shared by several loads). */
    public static Reconciliation of(Jdbi jdbi, String idPrefix, Set<String> sent, Set<String> acknowledged) {
        List<String> stored = jdbi.withHandle(h -> h.createQuery("SELECT event_id FROM raw_events WHERE event_id LIKE :prefix")
                .bind("prefix", idPrefix.isEmpty() ? "%" : idPrefix + "-%").mapTo(String.class).list());
        Set<String> distinct = new HashSet<>(stored);
        List<String> lost = new ArrayList<>();
        for (String id : acknowledged) {
            if (!distinct.contains(id)) {
                lost.add(id);
            }
        }
        long invented = distinct.stream().filter(id -> !sent.contains(id)).count();
        return new Reconciliation(sent.size(), acknowledged.size(), stored.size(), distinct.size(),
                List.copyOf(lost.subList(0, Math.min(5, lost.size()))), lost.size(), invented,
                aggregatesMatch(jdbi, HOURLY), aggregatesMatch(jdbi, MINUTE));
    }

    public long duplicates() {
        return storedRows - distinctStored;
    }

    /** Nothing acknowledged lost, nothing stored twice, nothing invented, aggregates equal to their recomputation. */
    public boolean exact() {
        return lost == 0 && duplicates() == 0 && invented == 0 && hourlyAggregatesMatch && minuteAggregatesMatch;
    }

    /** {@link #exact()}, with a failure that says which part is off. */
    public void assertExact() {
        assertThat(distinctStored).as("events stored").isPositive();
        assertThat(lost).as("acknowledged (2xx) but not stored, of %d acknowledged, e.g. %s", acknowledged, lostSample).isZero();
        assertThat(duplicates()).as("stored more than once").isZero();
        assertThat(invented).as("stored but never sent").isZero();
        assertThat(hourlyAggregatesMatch).as("hourly_aggregations equal their recomputation from raw_events").isTrue();
        assertThat(minuteAggregatesMatch).as("minute_aggregations equal their recomputation from raw_events").isTrue();
    }

    public Map<String, Object> asMap() {
        return Map.of("sent", sent, "acknowledged", acknowledged, "stored_rows", storedRows, "lost", lost,
                "duplicates", duplicates(), "invented", invented, "hourly_aggregates_match", hourlyAggregatesMatch,
                "minute_aggregates_match", minuteAggregatesMatch);
    }

    /** The incrementally kept hourly and minute aggregates equal a recomputation, which is not empty. */
    public static void assertAggregatesMatchRawEvents(Jdbi jdbi) {
        for (Bucket bucket : List.of(HOURLY, MINUTE)) {
            List<List<Map<String, Object>>> both = keptAndRecomputed(jdbi, bucket);
            assertThat(both.get(1)).as("%s recomputed from raw_events", bucket.table).isNotEmpty();
            assertThat(both.get(0)).as(bucket.table).isEqualTo(both.get(1));
        }
    }

    private record Bucket(String table, String column, String unit) {
    }

    private static final Bucket HOURLY = new Bucket("hourly_aggregations", "aggregation_hour", "hour");
    private static final Bucket MINUTE = new Bucket("minute_aggregations", "aggregation_minute", "minute");

    private static boolean aggregatesMatch(Jdbi jdbi, Bucket bucket) {
        List<List<Map<String, Object>>> both = keptAndRecomputed(jdbi, bucket);
        return both.get(0).equals(both.get(1));
    }

    /** Both in one snapshot, so that a batch committed meanwhile cannot make them differ. */
    private static List<List<Map<String, Object>>> keptAndRecomputed(Jdbi jdbi, Bucket bucket) {
        return jdbi.inTransaction(TransactionIsolationLevel.REPEATABLE_READ, h -> List.of(
                h.createQuery("SELECT extract(epoch FROM " + bucket.column + ")::bigint AS bucket, event_type, total_events, unique_users, "
                        + "round(total_duration_seconds::numeric, 6) AS total_duration, "
                        + "round(avg_duration_seconds::numeric, 6) AS avg_duration FROM " + bucket.table
                        + " ORDER BY 1, 2").mapToMap().list(),
                h.createQuery("SELECT extract(epoch FROM date_trunc('" + bucket.unit + "', timestamp AT TIME ZONE 'UTC'))::bigint AS bucket, "
                        + "event_type, count(*) AS total_events, count(DISTINCT user_id) AS unique_users, "
                        + "round(coalesce(sum(duration_seconds), 0)::numeric, 6) AS total_duration, "
                        // Not avg(): its sum of squares overflows on a legal duration near Double.MAX_VALUE, which the
                        // writer's running average (total / events with a duration) does not compute.
                        + "round(coalesce(sum(duration_seconds) / nullif(count(duration_seconds), 0), 0)::numeric, 6) AS avg_duration "
                        + "FROM raw_events GROUP BY 1, 2 ORDER BY 1, 2").mapToMap().list()));
    }
}
