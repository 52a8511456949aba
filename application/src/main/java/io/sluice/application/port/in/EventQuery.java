package io.sluice.application.port.in;

import io.sluice.domain.event.EventType;
import io.sluice.domain.event.UserId;
import java.time.Instant;

/**
 * A filter over stored events, newest first. Every filter is optional ({@code null}).
 *
 * @param type           only this event type
 * @param user           only this user
 * @param from           timestamp at or after
 * @param to             timestamp before
 * @param beforeSequence the cursor: only events stored before this sequence
 * @param limit          at most this many (1 to 1000)
 * @param schemaViolations {@code true}: only events stored with schema violations (enforcement warn);
 *                       {@code false}: only events without; {@code null}: both
 */
public record EventQuery(EventType type, UserId user, Instant from, Instant to, Long beforeSequence, int limit,
                         Boolean schemaViolations) {

    public EventQuery(EventType type, UserId user, Instant from, Instant to, Long beforeSequence, int limit) {
        this(type, user, from, to, beforeSequence, limit, null);
    }

    public EventQuery {
        if (limit < 1 || limit > 1000) {
            throw new IllegalArgumentException("limit is between 1 and 1000");
        }
    }
}
