package io.sluice.domain.deadletter;

import java.time.Duration;
import java.util.Objects;

/**
 * When to retry and when to set a record aside (DESIGN §2.4). Unreadable and invalid records are
 * dead-lettered at once. While the store is unavailable the batch is retried for as long as it
 * takes, with capped exponential backoff and jitter, because the records are fine and
 * dead-lettering needs the store too. When the store refuses the data itself, the batch is
 * retried {@code maxAttempts} times and then the refused records are isolated and dead-lettered.
 * Immutable and thread-safe.
 *
 * @param maxAttempts    attempts before a refused batch is split into stored and dead-lettered records
 * @param initialBackoff the delay after the first failure
 * @param maxBackoff     the cap of the delay
 */
public record DeadLetterPolicy(int maxAttempts, Duration initialBackoff, Duration maxBackoff) {

    public DeadLetterPolicy {
        Objects.requireNonNull(initialBackoff, "initialBackoff");
        Objects.requireNonNull(maxBackoff, "maxBackoff");
        if (maxAttempts < 1 || initialBackoff.isNegative() || initialBackoff.isZero() || maxBackoff.compareTo(initialBackoff) < 0) {
            throw new IllegalArgumentException("at least one attempt, and 0 < initial backoff ≤ max backoff");
        }
    }

    public static DeadLetterPolicy standard() {
        return new DeadLetterPolicy(5, Duration.ofMillis(100), Duration.ofSeconds(30));
    }

    /**
     * Decides what follows a failure.
     *
     * @param kind    what failed
     * @param attempt how many attempts have failed so far, counting this one (1 or more)
     * @param jitter  a uniform random sample in [0, 1), supplied by the caller
     */
    public FailureDecision onFailure(FailureKind kind, int attempt, double jitter) {
        if (attempt < 1) {
            throw new IllegalArgumentException("attempts are counted from 1");
        }
        if (!(jitter >= 0 && jitter < 1)) { // also refuses NaN
            throw new IllegalArgumentException("jitter is in [0, 1)");
        }
        return switch (kind) {
            case MALFORMED -> new FailureDecision.DeadLetterNow(DeadLetterReason.MALFORMED);
            case INVALID -> new FailureDecision.DeadLetterNow(DeadLetterReason.INVALID);
            case STORE_UNAVAILABLE -> new FailureDecision.RetryAfter(backoff(attempt, jitter));
            case STORE_REJECTED -> attempt >= maxAttempts
                    ? new FailureDecision.IsolatePoison()
                    : new FailureDecision.RetryAfter(backoff(attempt, jitter));
        };
    }

    /**
     * "Equal jitter": half the exponential delay is kept, half is random, so retries spread but never collapse to zero.
     * Computed in nanoseconds, so that sub-millisecond backoffs do not round down to no delay at all.
     */
    public Duration backoff(int attempt, double jitter) {
        if (attempt < 1 || !(jitter >= 0 && jitter < 1)) {
            throw new IllegalArgumentException("attempts are counted from 1 and jitter is in [0, 1)");
        }
        long initial = saturatedNanos(initialBackoff);
        long cap = saturatedNanos(maxBackoff);
        int doublings = attempt - 1;
        // Shifting past the leading zeros would overflow; by then the cap applies anyway.
        long exponential = doublings >= Long.numberOfLeadingZeros(initial) - 1 ? cap : Math.min(cap, initial << doublings);
        long half = exponential / 2;
        return Duration.ofNanos(half + (long) (jitter * (exponential - half)));
    }

    private static long saturatedNanos(Duration duration) {
        try {
            return duration.toNanos();
        } catch (ArithmeticException overLongMaxNanos) {
            return Long.MAX_VALUE;
        }
    }
}
