package io.sluice.domain.event;

import java.time.Instant;
import java.util.Objects;

/**
 * A validated behavioural event: something a user did at a point in time. Only
 * {@link EventRules} creates events from client input, so an {@code Event} always satisfies the
 * rules of DESIGN §3. Immutable and thread-safe.
 *
 * @param id              the deduplication key
 * @param type            what happened
 * @param user            who did it
 * @param session         the session, or {@code null}
 * @param timestamp       when it happened (defaults to {@code receivedAt})
 * @param receivedAt      when Sluice first accepted it; kept across buffer and replay
 * @param durationSeconds how long it lasted, or {@code null}; finite and not negative
 * @param properties      free-form attributes
 * @param source          where it entered Sluice
 * @param schema          the schema version it was validated against and the violations it was stored with
 */
public record Event(
        EventId id,
        EventType type,
        UserId user,
        SessionId session,
        Instant timestamp,
        Instant receivedAt,
        Double durationSeconds,
        EventProperties properties,
        EventSource source,
        SchemaStamp schema) {

    /** An event no schema was checked for (yet). */
    public Event(EventId id, EventType type, UserId user, SessionId session, Instant timestamp, Instant receivedAt,
                 Double durationSeconds, EventProperties properties, EventSource source) {
        this(id, type, user, session, timestamp, receivedAt, durationSeconds, properties, source, SchemaStamp.NONE);
    }

    public Event {
        Objects.requireNonNull(id, "id");
        Objects.requireNonNull(type, "type");
        Objects.requireNonNull(user, "user");
        Objects.requireNonNull(timestamp, "timestamp");
        Objects.requireNonNull(receivedAt, "receivedAt");
        Objects.requireNonNull(properties, "properties");
        Objects.requireNonNull(source, "source");
        Objects.requireNonNull(schema, "schema");
        if (durationSeconds != null && (!Double.isFinite(durationSeconds) || durationSeconds < 0)) {
            throw new IllegalArgumentException("a duration is finite and not negative");
        }
    }

    public Event withProperties(EventProperties newProperties) {
        return new Event(id, type, user, session, timestamp, receivedAt, durationSeconds, newProperties, source, schema);
    }

    public Event withSource(EventSource newSource) {
        return new Event(id, type, user, session, timestamp, receivedAt, durationSeconds, properties, newSource, schema);
    }

    public Event withSchema(SchemaStamp stamp) {
        return new Event(id, type, user, session, timestamp, receivedAt, durationSeconds, properties, source, stamp);
    }
}
