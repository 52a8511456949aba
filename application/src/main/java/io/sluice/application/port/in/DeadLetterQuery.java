package io.sluice.application.port.in;

import io.sluice.domain.deadletter.DeadLetterReason;
import java.time.Instant;

/**
 * A filter over dead letters, newest first; every filter is optional ({@code null}).
 *
 * @param reason   only this reason class
 * @param source   only this source
 * @param from     failed at or after
 * @param to       failed before
 * @param replayed only replayed ({@code true}) or only pending ({@code false}) ones
 * @param beforeId the cursor: only ids below it
 * @param limit    at most this many (1 to 1000)
 */
public record DeadLetterQuery(DeadLetterReason reason, String source, Instant from, Instant to, Boolean replayed, Long beforeId, int limit) {
    public DeadLetterQuery {
        if (limit < 1 || limit > 1000) {
            throw new IllegalArgumentException("limit is between 1 and 1000");
        }
    }
}
