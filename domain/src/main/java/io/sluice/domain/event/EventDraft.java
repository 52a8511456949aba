package io.sluice.domain.event;

import java.time.Instant;

/**
 * An event as a client or a producer sent it, before any rule was checked. Each field holds the
 * JSON value as parsed, in JDK types ({@code String}, {@code Number}, {@code Boolean},
 * {@code Map}, {@code List}) or {@code null} when absent, so that {@link EventRules} can name a
 * wrong type as precisely as a wrong value. Immutable as long as the parsed values are not
 * mutated afterwards; thread-safe.
 *
 * @param eventId         {@code event_id}
 * @param eventType       {@code event_type}
 * @param userId          {@code user_id}
 * @param sessionId       {@code session_id}
 * @param timestamp       {@code timestamp}
 * @param durationSeconds {@code duration_seconds}
 * @param properties      {@code properties}
 * @param eventData       {@code event_data}, seed 003's synonym of {@code properties}; sending both is an error
 * @param propertiesBytes the size the 32 KB rule measures (compact JSON with numbers as Java prints
 *                        them, {@link EventFields}), or a figure that passes the rule exactly when
 *                        that size does
 * @param receivedAt      when Sluice first accepted it, or {@code null} if this is that moment
 * @param source          where it entered Sluice
 * @param encodedProperties the JSON text of {@code properties} or {@code event_data} (the one that is
 *                        an object) as the client sent it, in UTF-8, or {@code null}: when the adapter
 *                        that parsed it kept it, ingress hands it to the buffer with the event, which
 *                        then writes the client's encoding instead of a new one (handed over, never
 *                        modified); no rule reads it
 */
public record EventDraft(
        Object eventId,
        Object eventType,
        Object userId,
        Object sessionId,
        Object timestamp,
        Object durationSeconds,
        Object properties,
        Object eventData,
        int propertiesBytes,
        Instant receivedAt,
        EventSource source,
        byte[] encodedProperties) {

    /** A draft whose properties' JSON text is not known (the map is encoded again when buffered). */
    public EventDraft(Object eventId, Object eventType, Object userId, Object sessionId, Object timestamp, Object durationSeconds,
                      Object properties, Object eventData, int propertiesBytes, Instant receivedAt, EventSource source) {
        this(eventId, eventType, userId, sessionId, timestamp, durationSeconds, properties, eventData, propertiesBytes, receivedAt,
                source, null);
    }
}
