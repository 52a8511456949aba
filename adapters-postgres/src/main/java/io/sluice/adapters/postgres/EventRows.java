package io.sluice.adapters.postgres;

import io.sluice.domain.event.Event;
import java.sql.Connection;
import java.sql.SQLException;
import java.util.List;

/**
 * Writes events to {@code raw_events}, each id once: the batch's ids are claimed in
 * {@code event_ids} first ({@link DedupeIds}), then the rows of the events claimed are written.
 * Stateless and thread-safe; runs inside the caller's transaction.
 */
final class EventRows {

    private static final String INSERT = """
            INSERT INTO raw_events (event_id, user_id, event_type, event_data, duration_seconds, "timestamp",
                                    session_id, received_at, source, schema_version, schema_violations)
            SELECT e.event_id, e.user_id, e.event_type, e.event_data::jsonb, e.duration_seconds, e.ts::timestamptz,
                   e.session_id, e.received_at::timestamptz, e.source, e.schema_version, e.schema_violations::jsonb
            FROM unnest(?::text[], ?::text[], ?::text[], ?::text[], ?::float8[], ?::text[], ?::text[], ?::text[], ?::text[],
                        ?::int4[], ?::text[])
                 WITH ORDINALITY AS e(event_id, user_id, event_type, event_data, duration_seconds, ts, session_id, received_at, source,
                                      schema_version, schema_violations, ord)
            ORDER BY e.ord
            """;

    private final DedupeIds dedupe = new DedupeIds("event_ids", "event_id");

    /** @return the events stored for the first time, in input order */
    List<Event> insert(Connection connection, List<Event> batch) throws SQLException {
        List<Event> events = claim(connection, batch);
        write(connection, events);
        return events;
    }

    /** Claims the ids; a concurrent claim of one of them waits for the other transaction. @return the events new to the store, in input order */
    List<Event> claim(Connection connection, List<Event> batch) throws SQLException {
        return dedupe.claim(connection, batch, event -> event.id().value(), Event::receivedAt);
    }

    /** Writes the rows of events {@link #claim} returned, in the same transaction. */
    void write(Connection connection, List<Event> events) throws SQLException {
        if (events.isEmpty()) {
            return;
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
            statement.arrays("text", ids, users, types, data)
                    .arrays("float8", durations)
                    .arrays("text", timestamps, sessions, receivedAt, sources)
                    .arrays("int4", schemaVersions)
                    .arrays("text", schemaViolations)
                    .update();
        }
    }
}
