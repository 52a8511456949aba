package io.sluice.application.service;

import io.sluice.application.port.out.ObservePipelinePort;
import io.sluice.application.port.out.StorableBatch;
import io.sluice.application.port.out.StoreBatchPort;
import io.sluice.application.port.out.StoreRejectedException;
import io.sluice.application.port.out.StoreReport;
import io.sluice.application.port.out.StoreUnavailableException;
import io.sluice.domain.deadletter.DeadLetterPolicy;
import io.sluice.domain.deadletter.FailureDecision;
import io.sluice.domain.deadletter.FailureKind;
import java.time.Duration;
import java.util.random.RandomGenerator;

/**
 * Stores a consumer batch with its positions, retrying as the {@link DeadLetterPolicy} says until
 * the store committed it: backing off while the store is unavailable, isolating poison when it
 * refuses the batch. Not thread-safe: one per consumer thread, like the consumer.
 */
final class StoreRetries {

    private final StoreBatchPort store;
    private final DeadLetterPolicy policy;
    private final RandomGenerator random;
    private final Pause pause;
    private final ObservePipelinePort observe;

    StoreRetries(StoreBatchPort store, DeadLetterPolicy policy, RandomGenerator random, Pause pause, ObservePipelinePort observe) {
        this.store = store;
        this.policy = policy;
        this.random = random;
        this.pause = pause;
        this.observe = observe;
    }

    /** A batch the store committed: its report, the attempts it took, the successful store call's duration and end. */
    record Stored(StoreReport report, int attempts, Duration storeTook, long at) {
    }

    /**
     * @param records how many buffer records the batch holds, for the failure reports
     * @throws InterruptedException while pausing between attempts
     */
    Stored store(StorableBatch storable, int records) throws InterruptedException {
        for (int attempt = 1; ; attempt++) {
            try {
                long storeStarted = System.nanoTime();
                StoreReport report = store.store(storable.attempt(attempt));
                long stored = System.nanoTime();
                return new Stored(report, attempt, Duration.ofNanos(stored - storeStarted), stored);
            } catch (StoreUnavailableException unavailable) {
                observe.storeFailed(FailureKind.STORE_UNAVAILABLE, attempt);
                FailureDecision decision = policy.onFailure(FailureKind.STORE_UNAVAILABLE, attempt, random.nextDouble());
                observe.batchFailed(FailureKind.STORE_UNAVAILABLE, attempt, records, String.valueOf(unavailable.getMessage()), decision);
                follow(decision);
            } catch (StoreRejectedException rejected) {
                observe.storeFailed(FailureKind.STORE_REJECTED, attempt);
                double jitter = random.nextDouble();
                FailureDecision decision = policy.onFailure(FailureKind.STORE_REJECTED, attempt, jitter);
                if (decision instanceof FailureDecision.IsolatePoison && !storable.isolatePoison()) {
                    observe.batchFailed(FailureKind.STORE_REJECTED, attempt, records, String.valueOf(rejected.getMessage()), decision);
                    storable = storable.isolatingPoison(attempt + 1);
                } else if (decision instanceof FailureDecision.IsolatePoison) {
                    // Refused even while isolating poison (a store that breaks its contract): back off as
                    // for an outage instead of spinning against the database without a pause.
                    FailureDecision.RetryAfter backOff = new FailureDecision.RetryAfter(policy.backoff(attempt, jitter));
                    observe.batchFailed(FailureKind.STORE_REJECTED, attempt, records, String.valueOf(rejected.getMessage()), backOff);
                    follow(backOff);
                } else {
                    observe.batchFailed(FailureKind.STORE_REJECTED, attempt, records, String.valueOf(rejected.getMessage()), decision);
                    follow(decision);
                }
            }
        }
    }

    private void follow(FailureDecision decision) throws InterruptedException {
        if (decision instanceof FailureDecision.RetryAfter retry) {
            pause.pause(retry.delay());
        }
    }
}
