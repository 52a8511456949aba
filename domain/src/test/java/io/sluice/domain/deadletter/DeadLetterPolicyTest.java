package io.sluice.domain.deadletter;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.math.BigInteger;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

class DeadLetterPolicyTest {

    private static final double[] JITTERS = {0, 1e-9, 0.25, 0.5, 0.75, Math.nextDown(1.0)};

    private final DeadLetterPolicy policy = new DeadLetterPolicy(5, Duration.ofMillis(100), Duration.ofSeconds(30));

    private static Duration delayOf(FailureDecision decision) {
        assertThat(decision).isInstanceOf(FailureDecision.RetryAfter.class);
        return ((FailureDecision.RetryAfter) decision).delay();
    }

    /** min(cap, initial · 2^(attempt−1)) computed without overflow. */
    private static long exponentialMillis(DeadLetterPolicy policy, int attempt) {
        BigInteger exp = BigInteger.valueOf(policy.initialBackoff().toMillis()).shiftLeft(Math.min(attempt - 1, 200));
        return exp.min(BigInteger.valueOf(policy.maxBackoff().toMillis())).longValueExact();
    }

    @Test
    void malformedAndInvalidRecordsAreDeadLetteredAtOnce() {
        for (int attempt : new int[] {1, 2, 100}) {
            assertThat(policy.onFailure(FailureKind.MALFORMED, attempt, 0.3))
                    .isEqualTo(new FailureDecision.DeadLetterNow(DeadLetterReason.MALFORMED));
            assertThat(policy.onFailure(FailureKind.INVALID, attempt, 0.3))
                    .isEqualTo(new FailureDecision.DeadLetterNow(DeadLetterReason.INVALID));
        }
    }

    @Test
    void anUnavailableStoreIsRetriedForeverWithinTheCap() {
        for (int attempt = 1; attempt <= 1_000; attempt++) {
            for (double jitter : JITTERS) {
                Duration delay = delayOf(policy.onFailure(FailureKind.STORE_UNAVAILABLE, attempt, jitter));
                assertThat(delay).isLessThanOrEqualTo(policy.maxBackoff()).isPositive();
            }
        }
        assertThat(delayOf(policy.onFailure(FailureKind.STORE_UNAVAILABLE, Integer.MAX_VALUE, 0.5)))
                .isBetween(Duration.ofSeconds(15), Duration.ofSeconds(30));
    }

    @Test
    void theDelayDoublesFromTheInitialBackoffUntilTheCap() {
        assertThat(policy.backoff(1, 0)).isEqualTo(Duration.ofMillis(50));
        assertThat(policy.backoff(2, 0)).isEqualTo(Duration.ofMillis(100));
        assertThat(policy.backoff(3, 0)).isEqualTo(Duration.ofMillis(200));
        assertThat(policy.backoff(9, 0)).isEqualTo(Duration.ofMillis(12_800));
        assertThat(policy.backoff(10, 0)).isEqualTo(Duration.ofSeconds(15));
        assertThat(policy.backoff(11, 0)).isEqualTo(Duration.ofSeconds(15));
        assertThat(policy.backoff(1, 0.5)).isEqualTo(Duration.ofMillis(75));
    }

    @Test
    void jitterKeepsTheDelayBetweenHalfAndAllOfTheExponentialStep() {
        DeadLetterPolicy odd = new DeadLetterPolicy(3, Duration.ofMillis(7), Duration.ofMillis(1_001));
        for (DeadLetterPolicy p : new DeadLetterPolicy[] {policy, odd, DeadLetterPolicy.standard()}) {
            for (int attempt = 1; attempt <= 1_000; attempt++) {
                long step = exponentialMillis(p, attempt);
                long previous = -1;
                for (double jitter : JITTERS) {
                    long delay = p.backoff(attempt, jitter).toMillis();
                    assertThat(delay).as("attempt %d jitter %s", attempt, jitter)
                            .isBetween(step / 2, step).isLessThanOrEqualTo(p.maxBackoff().toMillis());
                    assertThat(delay).as("more jitter, never less delay").isGreaterThanOrEqualTo(previous);
                    previous = delay;
                }
            }
        }
    }

    @Test
    void theDelayNeverShrinksAsAttemptsGrow() {
        for (double jitter : JITTERS) {
            Duration previous = Duration.ZERO;
            for (int attempt = 1; attempt <= 1_000; attempt++) {
                Duration delay = policy.backoff(attempt, jitter);
                assertThat(delay).isGreaterThanOrEqualTo(previous);
                previous = delay;
            }
        }
    }

    @Test
    void aLargeInitialBackoffDoesNotOverflow() {
        DeadLetterPolicy huge = new DeadLetterPolicy(1, Duration.ofDays(365), Duration.ofDays(3650));
        for (int attempt = 1; attempt <= 1_000; attempt++) {
            assertThat(huge.backoff(attempt, 0.99)).isBetween(Duration.ofDays(365).dividedBy(2), Duration.ofDays(3650));
        }
    }

    @Test
    void aSubMillisecondInitialBackoffStillBacksOff() {
        DeadLetterPolicy fine = new DeadLetterPolicy(3, Duration.ofNanos(500_000), Duration.ofSeconds(1));
        assertThat(fine.backoff(1, 0.999)).isPositive();
        assertThat(fine.backoff(2, 0)).isPositive();
        assertThat(fine.backoff(20, 0)).isEqualTo(Duration.ofMillis(500));
    }

    @Test
    void aRefusedBatchIsRetriedUntilMaxAttemptsThenItsPoisonIsIsolated() {
        for (int attempt = 1; attempt < policy.maxAttempts(); attempt++) {
            assertThat(delayOf(policy.onFailure(FailureKind.STORE_REJECTED, attempt, 0.5)))
                    .isEqualTo(policy.backoff(attempt, 0.5));
        }
        assertThat(policy.onFailure(FailureKind.STORE_REJECTED, 5, 0.5)).isInstanceOf(FailureDecision.IsolatePoison.class);
        assertThat(policy.onFailure(FailureKind.STORE_REJECTED, 6, 0.5)).isInstanceOf(FailureDecision.IsolatePoison.class);
        assertThat(new DeadLetterPolicy(1, Duration.ofMillis(1), Duration.ofMillis(1)).onFailure(FailureKind.STORE_REJECTED, 1, 0))
                .isInstanceOf(FailureDecision.IsolatePoison.class);
    }

    @ParameterizedTest
    @EnumSource(FailureKind.class)
    void attemptsCountFromOneAndJitterIsAUnitSample(FailureKind kind) {
        assertThatThrownBy(() -> policy.onFailure(kind, 0, 0.5)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> policy.onFailure(kind, 1, 1.0)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> policy.onFailure(kind, 1, -0.1)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> policy.onFailure(kind, 1, Double.NaN)).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void aPolicyIsConsistent() {
        assertThatThrownBy(() -> new DeadLetterPolicy(0, Duration.ofMillis(1), Duration.ofMillis(1)))
                .isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> new DeadLetterPolicy(1, Duration.ZERO, Duration.ofMillis(1)))
                .isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> new DeadLetterPolicy(1, Duration.ofMillis(10), Duration.ofMillis(9)))
                .isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void reasonLabelsRoundTrip() {
        for (DeadLetterReason reason : DeadLetterReason.values()) {
            assertThat(DeadLetterReason.fromLabel(reason.label())).isEqualTo(reason);
        }
        assertThat(DeadLetterReason.RETRIES_EXHAUSTED.label()).isEqualTo("retries_exhausted");
        assertThatThrownBy(() -> DeadLetterReason.fromLabel("nope")).isInstanceOf(IllegalArgumentException.class);
    }
}
