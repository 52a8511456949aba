package io.sluice.adapters.postgres;

import io.sluice.domain.aggregate.AggregateDelta;
import io.sluice.domain.aggregate.Granularity;
import io.sluice.domain.event.UserId;
import java.sql.Connection;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;

/**
 * Adds event aggregate deltas to {@code minute_aggregations} and {@code hourly_aggregations}, with
 * their users to {@code aggregation_users}, in one statement. Users this process saw committed
 * ({@link CountedUsers}) are not sent again. Thread-safe; runs inside the caller's transaction.
 */
final class EventAggregateRows {

    // One statement: the users new to each bucket are learnt from the insert into aggregation_users
    // and added with the delta, so unique_users stays exact without re-reading any bucket.
    private static final String UPSERT = """
            WITH delta AS (
                SELECT d.granularity, d.bucket::timestamptz AS bucket, d.event_type, d.events, d.with_duration, d.duration
                FROM unnest(?::text[], ?::text[], ?::text[], ?::int8[], ?::int8[], ?::float8[])
                     AS d(granularity, bucket, event_type, events, with_duration, duration)
            ), added_users AS (
                INSERT INTO aggregation_users (granularity, bucket, event_type, user_id)
                SELECT u.granularity, u.bucket::timestamptz, u.event_type, u.user_id
                FROM unnest(?::text[], ?::text[], ?::text[], ?::text[]) AS u(granularity, bucket, event_type, user_id)
                ORDER BY 1, 2, 3, 4
                ON CONFLICT DO NOTHING
                RETURNING granularity, bucket, event_type
            ), new_users AS (
                SELECT granularity, bucket, event_type, count(*) AS users FROM added_users GROUP BY 1, 2, 3
            ), totals AS (
                SELECT d.granularity, d.bucket, d.event_type, d.events, d.with_duration, d.duration, coalesce(n.users, 0) AS users
                FROM delta d LEFT JOIN new_users n USING (granularity, bucket, event_type)
            ), minutes AS (
            """ + bucketUpsert(Granularity.MINUTE, "minute_aggregations", "aggregation_minute") + """
                RETURNING 1
            )
            """ + bucketUpsert(Granularity.HOUR, "hourly_aggregations", "aggregation_hour");

    private final CountedUsers counted;

    EventAggregateRows(CountedUsers counted) {
        this.counted = counted;
    }

    /** Adds the totals of one granularity's rows of {@code totals} to its table, in a stable key order. */
    private static String bucketUpsert(Granularity granularity, String table, String bucketColumn) {
        return """
                INSERT INTO %1$s AS a (%2$s, event_type, total_events, unique_users,
                        total_duration_seconds, avg_duration_seconds, events_with_duration, updated_at)
                SELECT bucket, event_type, events, users, duration,
                       CASE WHEN with_duration = 0 THEN 0 ELSE duration / with_duration END, with_duration, now()
                FROM totals WHERE granularity = '%3$s'
                ORDER BY bucket, event_type
                ON CONFLICT (%2$s, event_type) DO UPDATE SET
                    total_events = a.total_events + excluded.total_events,
                    unique_users = a.unique_users + excluded.unique_users,
                    total_duration_seconds = a.total_duration_seconds + excluded.total_duration_seconds,
                    events_with_duration = a.events_with_duration + excluded.events_with_duration,
                    avg_duration_seconds = CASE WHEN a.events_with_duration + excluded.events_with_duration = 0 THEN 0
                        ELSE (a.total_duration_seconds + excluded.total_duration_seconds)
                             / (a.events_with_duration + excluded.events_with_duration) END,
                    updated_at = now()
                """.formatted(table, bucketColumn, granularity.label());
    }

    /** @param sentUsers receives the user rows sent, for {@link CountedUsers#committed} once the transaction commits */
    void upsert(Connection connection, List<AggregateDelta> deltas, List<CountedUsers.Row> sentUsers) throws SQLException {
        if (deltas.isEmpty()) {
            return;
        }
        List<AggregateDelta> sorted = new ArrayList<>(deltas);
        sorted.sort(Comparator.comparing((AggregateDelta d) -> d.key().granularity())
                .thenComparing(d -> d.key().bucketStart())
                .thenComparing(d -> d.key().type().value()));
        int n = sorted.size();
        String[] granularities = new String[n];
        String[] buckets = new String[n];
        String[] types = new String[n];
        Long[] events = new Long[n];
        Long[] withDuration = new Long[n];
        Double[] durations = new Double[n];
        List<String> userGranularities = new ArrayList<>();
        List<String> userBuckets = new ArrayList<>();
        List<String> userTypes = new ArrayList<>();
        List<String> users = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            AggregateDelta d = sorted.get(i);
            granularities[i] = d.key().granularity().label();
            buckets[i] = TimestampText.of(d.key().bucketStart());
            types[i] = d.key().type().value();
            events[i] = d.events();
            withDuration[i] = d.eventsWithDuration();
            durations[i] = d.durationSeconds();
            CountedUsers.Bucket bucket = new CountedUsers.Bucket(granularities[i], buckets[i], types[i]);
            List<String> bucketUsers = new ArrayList<>(d.users().size());
            for (UserId user : d.users()) {
                bucketUsers.add(user.value());
            }
            for (String user : counted.unknown(bucket, bucketUsers)) {
                sentUsers.add(new CountedUsers.Row(bucket, user));
                userGranularities.add(granularities[i]);
                userBuckets.add(buckets[i]);
                userTypes.add(types[i]);
                users.add(user);
            }
        }
        try (ArrayStatement statement = ArrayStatement.prepare(connection, UPSERT)) {
            statement.arrays("text", granularities, buckets, types)
                    .arrays("int8", events, withDuration)
                    .arrays("float8", durations)
                    .lists("text", userGranularities, userBuckets, userTypes, users)
                    .update();
        }
    }
}
