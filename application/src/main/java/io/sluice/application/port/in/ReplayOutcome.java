package io.sluice.application.port.in;

import java.util.Objects;

/**
 * What became of one dead letter a replay was asked for. Expected outcomes, so values: a dead
 * letter that does not exist or was replayed already is an answer, not a failure. Immutable.
 */
public sealed interface ReplayOutcome
        permits ReplayOutcome.Unknown, ReplayOutcome.AlreadyReplayed, ReplayOutcome.Replayed, ReplayOutcome.StillInvalid {

    /** No dead letter has this id. */
    record Unknown(long deadLetterId) implements ReplayOutcome {
    }

    /**
     * Replayed before this call (perhaps a moment ago by a concurrent one): nothing was done.
     *
     * @param letter the dead letter as stored, saying when and as which item it was replayed
     */
    record AlreadyReplayed(StoredDeadLetter letter) implements ReplayOutcome {
        public AlreadyReplayed {
            Objects.requireNonNull(letter, "letter");
        }
    }

    /** Passed validation again and was appended to the buffer as the event or sample {@code id}. */
    record Replayed(long deadLetterId, String id) implements ReplayOutcome {
        public Replayed {
            Objects.requireNonNull(id, "id");
        }
    }

    /** Refused again (its rules, its schema, or a payload still unreadable); it stays pending, with why. */
    record StillInvalid(long deadLetterId, String reason) implements ReplayOutcome {
        public StillInvalid {
            Objects.requireNonNull(reason, "reason");
        }
    }
}
