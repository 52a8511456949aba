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

    private static final String COPY = """
            COPY raw_events (event_id, user_id, event_type, event_data, duration_seconds, "timestamp",
                             session_id, received_at, source, schema_version, schema_violations) FROM STDIN
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
        // In input order: raw_events.seq then follows the order the events were received in.
        CopyText rows = new CopyText(events.size());
        for (Event e : events) {
            rows.text(e.id().value())
                    .text(e.user().value())
                    .text(e.type().value())
                    .text(JsonCodec.write(e.properties().asMap()))
                    .number(e.durationSeconds())
                    .text(TimestampText.of(e.timestamp()))
                    .text(e.session() == null ? null : e.session().value())
                    .text(TimestampText.of(e.receivedAt()))
                    .text(e.source().value())
                    .number(e.schema().version())
                    .text(SchemaViolationsColumn.json(e.schema()))
                    .endRow();
        }
        rows.copy(connection, COPY);
    }
}
