package io.sluice.adapters.postgres;

import io.sluice.application.port.out.LoadAggregatesPort;
import io.sluice.application.port.out.LoadEventsPort;
import io.sluice.application.port.out.LoadStoreStatsPort;
import io.sluice.application.port.in.AggregateQuery;
import io.sluice.application.port.in.EventQuery;
import io.sluice.application.port.in.StoredEvent;
import io.sluice.application.port.out.StoreStats;
import io.sluice.domain.aggregate.AggregateKey;
import io.sluice.domain.aggregate.AggregateTotals;
import io.sluice.domain.aggregate.Granularity;
import io.sluice.domain.event.Event;
import io.sluice.domain.event.EventId;
import io.sluice.domain.event.EventProperties;
import io.sluice.domain.event.EventSource;
import io.sluice.domain.event.EventType;
import io.sluice.domain.event.SchemaStamp;
import io.sluice.domain.event.SessionId;
import io.sluice.domain.event.UserId;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.jdbi.v3.core.Jdbi;
import org.jdbi.v3.core.mapper.RowMapper;
import org.jdbi.v3.core.statement.Query;
import org.jdbi.v3.core.statement.StatementContext;

/**
 * Reads stored events, event aggregates and store-wide totals. Filters are fixed SQL fragments
 * whose values are always bound. Thread-safe.
 */
public final class EventReads implements LoadEventsPort, LoadAggregatesPort, LoadStoreStatsPort {

    private static final String EVENT_COLUMNS = """
            SELECT seq, event_id, user_id, event_type, event_data::text AS event_data, duration_seconds, "timestamp",
                   session_id, coalesce(received_at, processed_at) AS received_at, coalesce(source, 'kafka') AS source, processed_at,
                   schema_version, schema_violations::text AS schema_violations
            FROM raw_events
            """;

    private final Jdbi jdbi;

    public EventReads(Jdbi jdbi) {
        this.jdbi = jdbi;
    }

    @Override
    public List<StoredEvent> find(EventQuery query) {
        List<String> conditions = new ArrayList<>();
        Map<String, Object> values = new LinkedHashMap<>();
        if (query.type() != null) {
            conditions.add("event_type = :type");
            values.put("type", query.type().value());
        }
        if (query.user() != null) {
            conditions.add("user_id = :user");
            values.put("user", query.user().value());
        }
        if (query.from() != null) {
            conditions.add("\"timestamp\" >= CAST(:from AS timestamptz)");
            values.put("from", TimestampText.of(query.from()));
        }
        if (query.to() != null) {
            conditions.add("\"timestamp\" < CAST(:to AS timestamptz)");
            values.put("to", TimestampText.of(query.to()));
        }
        if (query.schemaViolations() != null) {
            conditions.add(query.schemaViolations() ? "schema_violations IS NOT NULL" : "schema_violations IS NULL");
        }
        if (query.beforeSequence() != null) {
            conditions.add("seq < :before");
            values.put("before", query.beforeSequence());
        }
        String sql = EVENT_COLUMNS + where(conditions) + " ORDER BY seq DESC LIMIT :limit";
        return StoreFailures.guard("find events", () -> jdbi.withHandle(handle -> {
            Query q = handle.createQuery(sql).bind("limit", query.limit());
            values.forEach(q::bind);
            return q.map(new StoredEventMapper()).list();
        }));
    }

    @Override
    public Optional<StoredEvent> findById(EventId id) {
        return StoreFailures.guard("find an event", () -> jdbi.withHandle(handle ->
                handle.createQuery(EVENT_COLUMNS + " WHERE event_id = :id")
                        .bind("id", id.value())
                        .map(new StoredEventMapper())
                        .findOne()));
    }

    @Override
    public List<AggregateTotals> load(AggregateQuery query) {
        // The table and bucket column come from the enum, never from the caller.
        String bucket = query.granularity() == Granularity.MINUTE ? "aggregation_minute" : "aggregation_hour";
        String table = query.granularity() == Granularity.MINUTE ? "minute_aggregations" : "hourly_aggregations";
        String sql = "SELECT " + bucket + " AS bucket, event_type, total_events, unique_users, total_duration_seconds,"
                + " events_with_duration FROM " + table
                + " WHERE " + bucket + " >= CAST(:from AS timestamptz) AND " + bucket + " < CAST(:to AS timestamptz)"
                + (query.type() == null ? "" : " AND event_type = :type")
                + " ORDER BY " + bucket + ", event_type";
        return StoreFailures.guard("load aggregates", () -> jdbi.withHandle(handle -> {
            Query q = handle.createQuery(sql)
                    .bind("from", TimestampText.of(query.from()))
                    .bind("to", TimestampText.of(query.to()));
            if (query.type() != null) {
                q.bind("type", query.type().value());
            }
            return q.map(new TotalsMapper(query.granularity())).list();
        }));
    }

    @Override
    public StoreStats stats() {
        return StoreFailures.guard("load store totals", () -> jdbi.withHandle(handle -> {
            // Every stored event is counted exactly once in the hourly buckets: summing them is
            // exact and reads buckets, not every event.
            Map<String, Long> byType = new LinkedHashMap<>();
            handle.createQuery("SELECT event_type, sum(total_events) AS n FROM hourly_aggregations GROUP BY event_type ORDER BY event_type")
                    .map((rs, ctx) -> Map.entry(rs.getString("event_type"), rs.getLong("n")))
                    .forEach(e -> byType.put(e.getKey(), e.getValue()));
            long total = byType.values().stream().mapToLong(Long::longValue).sum();
            Map<String, Long> deadLetters = new LinkedHashMap<>();
            handle.createQuery("SELECT reason, count(*) AS n FROM dead_letters GROUP BY reason ORDER BY reason")
                    .map((rs, ctx) -> Map.entry(rs.getString("reason"), rs.getLong("n")))
                    .forEach(e -> deadLetters.put(e.getKey(), e.getValue()));
            long samples = handle.createQuery("SELECT coalesce(sum(count), 0) FROM metric_aggregates WHERE window_label = '1h'")
                    .mapTo(Long.class).one();
            Instant last = handle.createQuery("SELECT processed_at FROM raw_events ORDER BY seq DESC LIMIT 1")
                    .map((rs, ctx) -> instant(rs, "processed_at"))
                    .findOne().orElse(null);
            return new StoreStats(total, byType, deadLetters, samples, last);
        }));
    }

    static String where(List<String> conditions) {
        return conditions.isEmpty() ? "" : " WHERE " + String.join(" AND ", conditions);
    }

    static Instant instant(ResultSet rs, String column) throws SQLException {
        OffsetDateTime value = rs.getObject(column, OffsetDateTime.class);
        return value == null ? null : value.toInstant();
    }

    private static SchemaStamp schemaStamp(ResultSet rs) throws SQLException {
        int version = rs.getInt("schema_version");
        return SchemaViolationsColumn.stamp(rs.wasNull() ? null : version, rs.getString("schema_violations"));
    }

    /** Maps a {@code raw_events} row back to the event it stored. */
    private static final class StoredEventMapper implements RowMapper<StoredEvent> {
        @Override
        public StoredEvent map(ResultSet rs, StatementContext ctx) throws SQLException {
            double duration = rs.getDouble("duration_seconds");
            Double durationSeconds = rs.wasNull() ? null : duration;
            String session = rs.getString("session_id");
            Event event = new Event(
                    new EventId(rs.getString("event_id")),
                    new EventType(rs.getString("event_type")),
                    new UserId(rs.getString("user_id")),
                    session == null ? null : new SessionId(session),
                    instant(rs, "timestamp"),
                    instant(rs, "received_at"),
                    durationSeconds,
                    EventProperties.of(JsonCodec.readObject(rs.getString("event_data"))),
                    new EventSource(rs.getString("source")),
                    schemaStamp(rs));
            return new StoredEvent(rs.getLong("seq"), event, instant(rs, "processed_at"));
        }
    }

    /** Maps an aggregate row of one granularity to its totals. */
    private static final class TotalsMapper implements RowMapper<AggregateTotals> {
        private final Granularity granularity;

        TotalsMapper(Granularity granularity) {
            this.granularity = granularity;
        }

        @Override
        public AggregateTotals map(ResultSet rs, StatementContext ctx) throws SQLException {
            AggregateKey key = new AggregateKey(granularity, instant(rs, "bucket"), new EventType(rs.getString("event_type")));
            return new AggregateTotals(key, rs.getLong("total_events"), rs.getLong("unique_users"),
                    rs.getDouble("total_duration_seconds"), rs.getLong("events_with_duration"));
        }
    }
}
