package io.sluice.domain.event;

import java.time.Instant;
import java.util.Map;
import java.util.function.Function;

/**
 * An event's fields by the names clients and producers give them (the native API, seed 003's
 * producers: {@code event_id}, {@code user_id}, {@code event_type}, {@code session_id},
 * {@code timestamp}, {@code duration_seconds}, {@code properties} or {@code event_data}), read
 * from a parsed JSON object into a draft. The names are those {@link EventRules} reports
 * violations under; how the object was encoded, or what envelope carried it, is the reading
 * adapter's business. Stateless and thread-safe.
 */
public final class EventFields {

    private EventFields() {
    }

    /** A draft whose properties' JSON text is not known. */
    public static EventDraft draft(Map<String, ?> fields, int documentBytes, Instant receivedAt, EventSource source) {
        return draft(fields, documentBytes, receivedAt, source, field -> null);
    }

    /**
     * @param fields        the parsed JSON object, in JDK types
     * @param documentBytes the encoded size of the object the fields were read from, an upper
     *                      bound of its properties' size
     * @param receivedAt    when Sluice first accepted the event, or {@code null} if this is that moment
     * @param objectTexts   the JSON text of a field of {@code fields} whose value is an object, as
     *                      the client sent it, in UTF-8, or {@code null} when not known
     */
    public static EventDraft draft(Map<String, ?> fields, int documentBytes, Instant receivedAt, EventSource source,
                                   Function<String, byte[]> objectTexts) {
        Object properties = fields.get("properties");
        Object eventData = fields.get("event_data");
        String propertiesField = properties != null ? "properties" : "event_data";
        Object chosen = properties != null ? properties : eventData;
        return new EventDraft(fields.get("event_id"), fields.get("event_type"), fields.get("user_id"), fields.get("session_id"),
                fields.get("timestamp"), fields.get("duration_seconds"), properties, eventData,
                propertiesBytes(chosen, documentBytes), receivedAt, source,
                chosen instanceof Map<?, ?> ? objectTexts.apply(propertiesField) : null);
    }

    /**
     * The size the 32 KB rule applies to: {@link JsonSize} of the parsed properties, a function of
     * the values alone, so ingress (on the client's bytes), the consumer (on the buffer's bytes),
     * a replay and a foreign producer's record all get the same figure for the same event. The
     * size of the object it was read from is a cheap stand-in while it is small enough that no
     * properties within it can measure more than the limit: {@code JsonSize} writes a number as
     * Java prints it, at most 24 characters for a JSON number that takes at least 3 ({@code 1e6}
     * is {@code 1000000.0}), and never more than the client's bytes for anything else.
     */
    private static int propertiesBytes(Object properties, int documentBytes) {
        if (!(properties instanceof Map<?, ?>)) {
            return documentBytes;
        }
        if (documentBytes <= EventRules.MAX_PROPERTIES_BYTES / JsonSize.MAX_GROWTH) {
            return documentBytes;
        }
        return (int) Math.min(Integer.MAX_VALUE, JsonSize.of(properties));
    }
}
