package io.sluice.bootstrap.reliability;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.jdbi.v3.core.Jdbi;

/**
 * What the database holds against what the load client was told: acknowledged ids that are
 * missing (lost), ids stored more than once (counted twice), stored ids nobody sent (invented),
 * and the hourly and minute aggregates against a recomputation from the stored rows. Immutable.
 */
record Reconciliation(long sent, long acknowledged, long storedRows, long distinctStored, List<String> lostSample, long lost,
                      long invented, boolean hourlyAggregatesMatch, boolean minuteAggregatesMatch) {

    private static final String HOURLY_KEPT = "SELECT extract(epoch FROM aggregation_hour)::bigint AS bucket, event_type, "
            + "total_events, unique_users, round(total_duration_seconds::numeric, 6) AS duration FROM hourly_aggregations ORDER BY 1, 2";
    private static final String HOURLY_RECOMPUTED = "SELECT extract(epoch FROM date_trunc('hour', \"timestamp\" AT TIME ZONE 'UTC'))::bigint"
            + " AS bucket, event_type, count(*) AS total_events, count(DISTINCT user_id) AS unique_users,"
            + " round(coalesce(sum(duration_seconds), 0)::numeric, 6) AS duration FROM raw_events GROUP BY 1, 2 ORDER BY 1, 2";
    private static final String MINUTE_KEPT = "SELECT extract(epoch FROM aggregation_minute)::bigint AS bucket, event_type, "
            + "total_events, unique_users FROM minute_aggregations ORDER BY 1, 2";
    private static final String MINUTE_RECOMPUTED = "SELECT extract(epoch FROM date_trunc('minute', \"timestamp\" AT TIME ZONE 'UTC'))::bigint"
            + " AS bucket, event_type, count(*) AS total_events, count(DISTINCT user_id) AS unique_users"
            + " FROM raw_events GROUP BY 1, 2 ORDER BY 1, 2";

    /** Reads every stored event id; the database must hold only this test's events. */
    static Reconciliation of(Jdbi jdbi, Set<String> sent, Set<String> acknowledged) {
        List<String> stored = jdbi.withHandle(h -> h.createQuery("SELECT event_id FROM raw_events").mapTo(String.class).list());
        Set<String> distinct = new HashSet<>(stored);
        List<String> lost = new ArrayList<>();
        for (String id : acknowledged) {
            if (!distinct.contains(id)) {
                lost.add(id);
            }
        }
        long invented = distinct.stream().filter(id -> !sent.contains(id)).count();
        boolean hourly = jdbi.withHandle(h -> h.createQuery(HOURLY_KEPT).mapToMap().list())
                .equals(jdbi.withHandle(h -> h.createQuery(HOURLY_RECOMPUTED).mapToMap().list()));
        boolean minute = jdbi.withHandle(h -> h.createQuery(MINUTE_KEPT).mapToMap().list())
                .equals(jdbi.withHandle(h -> h.createQuery(MINUTE_RECOMPUTED).mapToMap().list()));
        return new Reconciliation(sent.size(), acknowledged.size(), stored.size(), distinct.size(),
                List.copyOf(lost.subList(0, Math.min(5, lost.size()))), lost.size(), invented, hourly, minute);
    }

    long duplicates() {
        return storedRows - distinctStored;
    }

    /** Nothing acknowledged lost, nothing stored twice, nothing invented, aggregates equal to their recomputation. */
    boolean exact() {
        return lost == 0 && duplicates() == 0 && invented == 0 && hourlyAggregatesMatch && minuteAggregatesMatch;
    }

    Map<String, Object> asMap() {
        return Map.of("sent", sent, "acknowledged", acknowledged, "stored_rows", storedRows, "lost", lost,
                "duplicates", duplicates(), "invented", invented, "hourly_aggregates_match", hourlyAggregatesMatch,
                "minute_aggregates_match", minuteAggregatesMatch);
    }
}
