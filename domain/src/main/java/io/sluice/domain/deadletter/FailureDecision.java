package io.sluice.domain.deadletter;

import java.time.Duration;
import java.util.Objects;

/** What to do after a failure, as decided by {@link DeadLetterPolicy}. Immutable and thread-safe. */
public sealed interface FailureDecision permits FailureDecision.DeadLetterNow, FailureDecision.RetryAfter, FailureDecision.IsolatePoison {

    /** Set the record aside at once with this reason. */
    record DeadLetterNow(DeadLetterReason reason) implements FailureDecision {
        public DeadLetterNow {
            Objects.requireNonNull(reason, "reason");
        }
    }

    /** Keep the batch uncommitted and try it again after the delay. */
    record RetryAfter(Duration delay) implements FailureDecision {
        public RetryAfter {
            if (delay.isNegative()) {
                throw new IllegalArgumentException("a delay is not negative");
            }
        }
    }

    /**
     * The batch failed as often as allowed: store what can be stored and dead-letter the records
     * the store keeps refusing, so one poisoned record cannot block its partition.
     */
    record IsolatePoison() implements FailureDecision {
    }
}
