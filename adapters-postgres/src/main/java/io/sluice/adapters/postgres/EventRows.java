package io.sluice.adapters.postgres;

import io.sluice.domain.event.Event;
import java.sql.Connection;
import java.sql.SQLException;
import java.util.List;

/**
 * Writes events to {@code raw_events}, each id once: an id is new when no partition of
 * {@code event_ids} holds it, and it is recorded there in the same statement. Stateless and
 * thread-safe; runs inside the caller's transaction.
 */
final class EventRows {

    // An id is new when no partition of event_ids (one per day of first receipt, kept for the hot
    // retention) holds it; DISTINCT ON keeps an id repeated inside the batch once.
    private static final String INSERT = """
            WITH e AS (
                SELECT DISTINCT ON (e.event_id) e.*
                FROM unnest(?::text[], ?::text[], ?::text[], ?::text[], ?::float8[], ?::text[], ?::text[], ?::text[], ?::text[],
                            ?::int4[], ?::text[])
                     WITH ORDINALITY AS e(event_id, user_id, event_type, event_data, duration_seconds, ts, session_id, received_at, source,
                                          schema_version, schema_violations, ord)
                WHERE NOT EXISTS (SELECT 1 FROM event_ids x WHERE x.event_id = e.event_id)
                ORDER BY e.event_id, e.ord
            ), fresh AS (
                INSERT INTO event_ids (event_id, first_received_at)
                SELECT event_id, received_at::timestamptz FROM e ORDER BY event_id
                ON CONFLICT DO NOTHING
                RETURNING event_id
            )
            INSERT INTO raw_events (event_id, user_id, event_type, event_data, duration_seconds, "timestamp",
                                    session_id, received_at, source, schema_version, schema_violations)
            SELECT e.event_id, e.user_id, e.event_type, e.event_data::jsonb, e.duration_seconds, e.ts::timestamptz,
                   e.session_id, e.received_at::timestamptz, e.source, e.schema_version, e.schema_violations::jsonb
            FROM e JOIN fresh USING (event_id)
            ORDER BY e.ord
            RETURNING event_id
            """;

    /** @return the events stored for the first time, in input order */
    List<Event> insert(Connection connection, List<Event> events) throws SQLException {
        if (events.isEmpty()) {
            return List.of();
        }
        int n = events.size();
        String[] ids = new String[n];
        String[] users = new String[n];
        String[] types = new String[n];
        String[] data = new String[n];
        Double[] durations = new Double[n];
        String[] timestamps = new String[n];
        String[] sessions = new String[n];
        String[] receivedAt = new String[n];
        String[] sources = new String[n];
        Integer[] schemaVersions = new Integer[n];
        String[] schemaViolations = new String[n];
        for (int i = 0; i < n; i++) {
            Event e = events.get(i);
            schemaVersions[i] = e.schema().version();
            schemaViolations[i] = SchemaViolationsColumn.json(e.schema());
            ids[i] = e.id().value();
            users[i] = e.user().value();
            types[i] = e.type().value();
            data[i] = JsonCodec.write(e.properties().asMap());
            durations[i] = e.durationSeconds();
            timestamps[i] = TimestampText.of(e.timestamp());
            sessions[i] = e.session() == null ? null : e.session().value();
            receivedAt[i] = TimestampText.of(e.receivedAt());
            sources[i] = e.source().value();
        }
        try (ArrayStatement statement = ArrayStatement.prepare(connection, INSERT)) {
            return statement.arrays("text", ids, users, types, data)
                    .arrays("float8", durations)
                    .arrays("text", timestamps, sessions, receivedAt, sources)
                    .arrays("int4", schemaVersions)
                    .arrays("text", schemaViolations)
                    .written(events, event -> event.id().value());
        }
    }
}
