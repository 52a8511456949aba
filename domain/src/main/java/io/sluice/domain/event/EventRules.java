package io.sluice.domain.event;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.random.RandomGenerator;

/**
 * The rules an incoming event must satisfy (DESIGN §3), applied at ingress and again by the
 * consumer, because producers that write straight into Kafka never passed ingress. Every broken
 * rule is reported, each naming its field. Immutable and thread-safe if the random generator is.
 */
public final class EventRules {

    /** Segment's per-event limit, which the design adopts for {@code properties}. */
    public static final int MAX_PROPERTIES_BYTES = 32 * 1024;
    /** How far ahead of its arrival an event may claim to have happened (clock skew). */
    public static final Duration MAX_FUTURE_SKEW = Duration.ofHours(24);
    /**
     * The earliest moment an event or a sample may claim. Before it, PostgreSQL and the day
     * partitions refuse or mis-file values (year 0 does not exist there; {@code 0001-01-01T00:00+01:00}
     * is in year 0 in UTC), so such a value is refused at the door instead of failing in the consumer.
     */
    public static final Instant EARLIEST_TIMESTAMP = Instant.parse("1970-01-01T00:00:00Z");
    /**
     * How deeply {@code properties} may nest objects and arrays, the properties object itself
     * counting as level 1. Every later reader (the buffer's decoder, which wraps the properties in
     * two more levels, the store, the query routes) handles far more, so what ingress accepts is
     * always readable downstream.
     */
    public static final int MAX_PROPERTIES_DEPTH = 64;

    private final RandomGenerator random;

    public EventRules(RandomGenerator random) {
        this.random = Objects.requireNonNull(random, "random");
    }

    /**
     * Validates a draft.
     *
     * @param draft the event as sent
     * @param now   the moment of validation; becomes {@code received_at} when the draft has none
     *              and stamps the generated id
     */
    public Validated<Event> validate(EventDraft draft, Instant now) {
        List<Violation> violations = new ArrayList<>(2);
        Instant receivedAt = draft.receivedAt() != null ? draft.receivedAt() : now;

        EventId id = null;
        if (draft.eventId() == null) {
            id = UuidV7.next(receivedAt.toEpochMilli(), random);
        } else {
            String text = text(draft.eventId(), "event_id", EventId.MAX_LENGTH, violations);
            if (text != null) {
                id = new EventId(text);
            }
        }

        EventType type = null;
        if (draft.eventType() == null) {
            violations.add(new Violation("event_type", "is required"));
        } else {
            String text = text(draft.eventType(), "event_type", EventType.MAX_LENGTH, violations);
            if (text != null) {
                if (TextRules.isPrintable(text)) {
                    type = new EventType(text);
                } else {
                    violations.add(new Violation("event_type", "must contain printable characters only"));
                }
            }
        }

        UserId user = null;
        if (draft.userId() == null) {
            violations.add(new Violation("user_id", "is required"));
        } else {
            String text = identifier(draft.userId(), "user_id", UserId.MAX_LENGTH, violations);
            if (text != null) {
                user = new UserId(text);
            }
        }

        SessionId session = null;
        if (draft.sessionId() != null) {
            String text = identifier(draft.sessionId(), "session_id", SessionId.MAX_LENGTH, violations);
            if (text != null) {
                session = new SessionId(text);
            }
        }

        Instant timestamp = receivedAt;
        if (draft.timestamp() != null) {
            timestamp = timestamp(draft.timestamp(), "timestamp", receivedAt, violations);
        }

        Double duration = null;
        if (draft.durationSeconds() != null) {
            duration = duration(draft.durationSeconds(), violations);
        }

        EventProperties properties;
        if (draft.properties() != null && draft.eventData() != null) {
            violations.add(new Violation("event_data", "is a synonym of properties: send one of them, not both"));
            properties = EventProperties.EMPTY;
        } else if (draft.eventData() != null) {
            properties = properties(draft.eventData(), "event_data", draft.propertiesBytes(), violations);
        } else {
            properties = properties(draft.properties(), "properties", draft.propertiesBytes(), violations);
        }

        if (!violations.isEmpty()) {
            return Validated.invalid(violations);
        }
        return Validated.valid(new Event(id, type, user, session, timestamp, receivedAt, duration, properties, draft.source()));
    }

    /** A required-length string; NUL and lone surrogates are refused because PostgreSQL cannot store them. */
    static String text(Object value, String field, int maxLength, List<Violation> violations) {
        if (!(value instanceof String text)) {
            violations.add(new Violation(field, "must be a string"));
            return null;
        }
        if (text.isEmpty()) {
            violations.add(new Violation(field, "must not be empty"));
            return null;
        }
        if (text.length() > maxLength) {
            violations.add(new Violation(field, "must be at most " + maxLength + " characters (got " + text.length() + ")"));
            return null;
        }
        if (TextRules.containsNul(text) || !TextRules.hasOnlyPairedSurrogates(text)) {
            violations.add(new Violation(field, "must not contain NUL characters or unpaired surrogates"));
            return null;
        }
        return text;
    }

    /** The text rule, for the other document types of the domain. */
    public static String checkedText(Object value, String field, int maxLength, List<Violation> violations) {
        return text(value, field, maxLength, violations);
    }

    /** The timestamp rule, for the other document types of the domain. */
    public static Instant checkedTimestamp(Object value, String field, Instant receivedAt, List<Violation> violations) {
        return timestamp(value, field, receivedAt, violations);
    }

    /** Like {@link #text}, but an integral JSON number is taken as its decimal text: many clients send numeric user ids. */
    private static String identifier(Object value, String field, int maxLength, List<Violation> violations) {
        if (value instanceof Long || value instanceof Integer || value instanceof Short || value instanceof java.math.BigInteger) {
            return text(value.toString(), field, maxLength, violations);
        }
        return text(value, field, maxLength, violations);
    }

    static Instant timestamp(Object value, String field, Instant receivedAt, List<Violation> violations) {
        if (!(value instanceof String text)) {
            violations.add(new Violation(field, "must be an ISO-8601 date-time string"));
            return receivedAt;
        }
        Instant parsed = parseIsoInstantOrNull(text);
        if (parsed == null) {
            violations.add(new Violation(field, "must be an ISO-8601 date-time such as 2024-01-15T10:00:00Z (got '" + abbreviate(text) + "')"));
            return receivedAt;
        }
        if (parsed.isBefore(EARLIEST_TIMESTAMP)) {
            violations.add(new Violation(field, "must not be before " + EARLIEST_TIMESTAMP + " (got '" + abbreviate(text) + "')"));
            return receivedAt;
        }
        if (parsed.isAfter(receivedAt.plus(MAX_FUTURE_SKEW))) {
            violations.add(new Violation(field, "is more than " + MAX_FUTURE_SKEW.toHours() + " hours in the future"));
            return receivedAt;
        }
        return parsed;
    }

    /** ISO-8601 with an offset, or without one (taken as UTC, as Python's {@code isoformat()} writes it). */
    public static Instant parseIsoInstantOrNull(String text) {
        return IsoTimestamps.parseOrNull(text);
    }

    private static Double duration(Object value, List<Violation> violations) {
        if (!(value instanceof Number number)) {
            violations.add(new Violation("duration_seconds", "must be a number"));
            return null;
        }
        double seconds = number.doubleValue();
        if (!Double.isFinite(seconds)) {
            violations.add(new Violation("duration_seconds", "must be a finite number"));
            return null;
        }
        if (seconds < 0) {
            violations.add(new Violation("duration_seconds", "must not be negative"));
            return null;
        }
        return seconds;
    }

    @SuppressWarnings("unchecked")
    private static EventProperties properties(Object value, String field, int encodedBytes, List<Violation> violations) {
        if (value == null) {
            return EventProperties.EMPTY;
        }
        if (!(value instanceof Map<?, ?> map)) {
            violations.add(new Violation(field, "must be a JSON object"));
            return EventProperties.EMPTY;
        }
        if (encodedBytes > MAX_PROPERTIES_BYTES) {
            violations.add(new Violation(field, "must be at most " + MAX_PROPERTIES_BYTES + " bytes (got " + encodedBytes + ")"));
            return EventProperties.EMPTY;
        }
        String unstorable = unstorable(map, 1);
        if (unstorable != null) {
            violations.add(new Violation(field, unstorable));
            return EventProperties.EMPTY;
        }
        return EventProperties.of((Map<String, ?>) map);
    }

    /**
     * Why PostgreSQL or a later reader could not take the value, or {@code null}: {@code \u0000}
     * (jsonb refuses it), an unpaired surrogate, a number that is not finite (a JSON number too
     * large for a double, e.g. {@code 1e400}: it would be stored as the string "Infinity"), or
     * nesting deeper than {@link #MAX_PROPERTIES_DEPTH}.
     */
    private static String unstorable(Object value, int depth) {
        if (value instanceof String text) {
            return TextRules.containsNul(text) || !TextRules.hasOnlyPairedSurrogates(text)
                    ? "must not contain NUL characters or unpaired surrogates" : null;
        }
        if (value instanceof Double number && !Double.isFinite(number) || value instanceof Float small && !Float.isFinite(small)) {
            return "must contain finite numbers only (a number beyond +-1.8e308 is not storable)";
        }
        if (value instanceof Map<?, ?> || value instanceof List<?>) {
            if (depth > MAX_PROPERTIES_DEPTH) {
                return "must not nest objects and arrays more than " + MAX_PROPERTIES_DEPTH + " levels deep";
            }
            if (value instanceof Map<?, ?> map) {
                for (Map.Entry<?, ?> entry : map.entrySet()) {
                    String why = unstorable(entry.getKey(), depth);
                    if (why == null) {
                        why = unstorable(entry.getValue(), depth + 1);
                    }
                    if (why != null) {
                        return why;
                    }
                }
            } else {
                for (Object item : (List<?>) value) {
                    String why = unstorable(item, depth + 1);
                    if (why != null) {
                        return why;
                    }
                }
            }
        }
        return null;
    }

    static String abbreviate(String text) {
        return text.length() <= 40 ? text : text.substring(0, 40) + "…";
    }
}
