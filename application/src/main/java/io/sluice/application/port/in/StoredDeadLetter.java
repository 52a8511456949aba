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
 */
public record StoredDeadLetter(long id, DeadLetter letter, Instant replayedAt, String replayedEventId) {
    public StoredDeadLetter {
        Objects.requireNonNull(letter, "letter");
    }

    public boolean replayed() {
        return replayedAt != null;
    }
}
