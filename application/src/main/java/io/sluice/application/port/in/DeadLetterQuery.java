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
 *
 * <p>Pages are bounded in bytes as well as in count, so that a page of large payloads cannot
 * exhaust the heap: a store returns dead letters, newest first, only while the payload bytes
 * before each one stay under {@link #PAGE_PAYLOAD_BYTES} (the first always comes back, whatever
 * its size). A page may therefore hold fewer than {@code limit} while more match: page on from
 * its last id. Listings carry a payload only up to {@link #LISTED_PAYLOAD_BYTES}; a larger one is
 * left out ({@link StoredDeadLetter#payloadOmitted()}) and fetched by id.
 */
public record DeadLetterQuery(DeadLetterReason reason, String source, Instant from, Instant to, Boolean replayed, Long beforeId, int limit) {

    /** Payload bytes one page (a listing, or one replay chunk) reads at most, beyond its first dead letter. */
    public static final int PAGE_PAYLOAD_BYTES = 4 * 1024 * 1024;

    /** The largest payload a listing carries; larger ones are listed without their bytes. */
    public static final int LISTED_PAYLOAD_BYTES = 64 * 1024;

    public DeadLetterQuery {
        if (limit < 1 || limit > 1000) {
            throw new IllegalArgumentException("limit is between 1 and 1000");
        }
    }

    /** The same filter, below {@code id} and at most {@code newLimit}: the next page or chunk. */
    public DeadLetterQuery below(long id, int newLimit) {
        return new DeadLetterQuery(reason, source, from, to, replayed, id, newLimit);
    }
}
