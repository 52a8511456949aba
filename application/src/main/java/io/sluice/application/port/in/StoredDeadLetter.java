package io.sluice.application.port.in;

import io.sluice.domain.deadletter.DeadLetter;
import java.time.Instant;
import java.util.Objects;

/**
 * A dead letter as stored, with whether and as which event it was replayed. Immutable.
 *
 * @param id              the storage id
 * @param letter          the dead letter
 * @param replayedAt      when it was replayed, or {@code null}
 * @param replayedEventId the id of the event it became, or {@code null}
 * @param payloadBytes    the size of the stored payload; larger than the letter's payload when a
 *                        listing left the payload out ({@link DeadLetterQuery#LISTED_PAYLOAD_BYTES})
 */
public record StoredDeadLetter(long id, DeadLetter letter, Instant replayedAt, String replayedEventId, int payloadBytes) {
    public StoredDeadLetter {
        Objects.requireNonNull(letter, "letter");
        if (payloadBytes < letter.payloadSize()) {
            throw new IllegalArgumentException("the stored payload is at least as large as the payload carried");
        }
    }

    /** A dead letter with its whole payload. */
    public StoredDeadLetter(long id, DeadLetter letter, Instant replayedAt, String replayedEventId) {
        this(id, letter, replayedAt, replayedEventId, letter.payloadSize());
    }

    /** True when this copy carries no payload although one is stored: fetch it by id. */
    public boolean payloadOmitted() {
        return payloadBytes > letter.payloadSize();
    }

    public boolean replayed() {
        return replayedAt != null;
    }
}
