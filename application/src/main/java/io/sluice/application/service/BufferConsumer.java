package io.sluice.application.service;

import io.sluice.application.port.in.ConsumeBufferUseCase;
import io.sluice.application.port.in.ConsumeReport;
import io.sluice.application.port.out.BufferBatch;
import io.sluice.application.port.out.ConsumerGroup;
import io.sluice.application.port.out.ObservePipelinePort;
import io.sluice.application.port.out.PublishLiveEventsPort;
import io.sluice.application.port.out.PendingStore;
import io.sluice.application.port.out.ReadBufferPort;
import io.sluice.application.port.out.StorableBatch;
import io.sluice.application.port.out.StoreBatchPort;
import io.sluice.application.port.out.StoreException;
import io.sluice.application.port.out.StoreRejectedException;
import io.sluice.application.port.out.StoreReport;
import io.sluice.domain.deadletter.DeadLetter;
import io.sluice.domain.deadletter.DeadLetterPolicy;
import io.sluice.domain.deadletter.DeadLetterReason;
import io.sluice.domain.deadletter.FailureDecision;
import io.sluice.domain.deadletter.FailureKind;
import io.sluice.domain.event.Enrichment;
import java.time.Clock;
import java.time.Duration;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.random.RandomGenerator;

/**
 * The consumer: reads a batch, has it prepared ({@link BatchPreparation}: every record validated
 * again, since foreign producers never passed ingress, deduplicated by id, enriched), and hands it
 * with its positions to the store as one transaction, retrying as the {@link DeadLetterPolicy}
 * says ({@link StoreRetries}). Anything else that escapes before the store committed the batch (a
 * bug, an {@link Error}, an interrupt) rewinds the reader first, so the next call reads the same
 * batch again instead of skipping it. Not thread-safe: one instance per consumer thread.
 */
public final class BufferConsumer implements ConsumeBufferUseCase {

    /**
     * How long one call keeps overlapping batches before it lets the last one commit and returns:
     * long enough for dozens of batches, short enough for a stop within the loop's grace period.
     */
    private static final Duration OVERLAP_BUDGET = Duration.ofSeconds(1);

    private final ReadBufferPort buffer;
    private final ConsumerGroup group;
    private final Clock clock;
    private final ObservePipelinePort observe;
    private final PublishLiveEventsPort live;
    private final BatchPreparation preparation;
    private final StoreBatchPort store;
    private final StoreRetries retries;
    private boolean rewindOwed;
    private boolean storeAloneNext;

    /** With seed 003's enrichment ({@link Enrichment#SEED_003}). */
    public BufferConsumer(ReadBufferPort buffer, StoreBatchPort store, ConsumerGroup group, DeadLetterPolicy policy,
                          Clock clock, RandomGenerator random, Pause pause, ObservePipelinePort observe) {
        this(buffer, store, group, policy, clock, random, pause, observe, Enrichment.SEED_003, PublishLiveEventsPort.NONE);
    }

    public BufferConsumer(ReadBufferPort buffer, StoreBatchPort store, ConsumerGroup group, DeadLetterPolicy policy,
                          Clock clock, RandomGenerator random, Pause pause, ObservePipelinePort observe, Enrichment enrichment,
                          PublishLiveEventsPort live) {
        this(buffer, store, group, policy, clock, random, pause, observe, enrichment, live, SchemaGate.open());
    }

    public BufferConsumer(ReadBufferPort buffer, StoreBatchPort store, ConsumerGroup group, DeadLetterPolicy policy,
                          Clock clock, RandomGenerator random, Pause pause, ObservePipelinePort observe, Enrichment enrichment,
                          PublishLiveEventsPort live, SchemaGate schemas) {
        this.live = Objects.requireNonNull(live, "live");
        this.buffer = buffer;
        this.group = group;
        this.clock = clock;
        this.observe = observe;
        this.preparation = new BatchPreparation(new Admission(random, schemas), enrichment);
        this.store = store;
        this.retries = new StoreRetries(store, policy, random, pause, observe);
    }

    @Override
    public ConsumeReport consumeNextBatch(Duration maxWait) throws InterruptedException {
        if (rewindOwed) {
            buffer.rewindToCommitted();
            rewindOwed = false;
        }
        BufferBatch batch = buffer.poll(maxWait);
        if (batch.isEmpty()) {
            return ConsumeReport.IDLE;
        }
        if (storeAloneNext || !buffer.allowsPendingBatches()) {
            ConsumeReport report = storeAlone(batch);
            storeAloneNext = false;
            return report;
        }
        return storeOverlapping(batch);
    }

    /** Stores one batch, retrying as the policy says until it is committed. */
    private ConsumeReport storeAlone(BufferBatch batch) throws InterruptedException {
        long started = System.nanoTime();
        PreparedBatch prepared;
        StoreRetries.Stored stored;
        try {
            prepared = preparation.prepare(batch.records(), clock.instant());
            stored = retries.store(storable(prepared, batch), batch.records().size());
        } catch (RuntimeException | Error | InterruptedException notStored) {
            // The reader reads on after an uncommitted batch, and the next commit would move the stored
            // position past this one: it would be lost. Whatever failed, the next poll must return it again.
            forgetUncommitted(notStored);
            throw notStored;
        }
        // Stored: from here on a failure must not rewind, or the batch would be read and stored again for
        // nothing (ids and dead-letter keys make the second store a no-op, but not a free one).
        return committed(batch, prepared, stored.report(), stored.attempts(), stored.storeTook(), stored.at() - started);
    }

    /**
     * Stores the batch and, while the buffer has more, each next one with its transaction overlapping
     * the previous one's ({@link StoreBatchPort#storeAfter}): the next batch is read, prepared and
     * partly written while the previous commits. Returns once none is pending, within about
     * {@link #OVERLAP_BUDGET} (a stop waits for the call). A batch that fails here is read again and
     * stored alone, through the policy's retries: the first failure of a batch is never its last.
     */
    private ConsumeReport storeOverlapping(BufferBatch first) {
        long until = System.nanoTime() + OVERLAP_BUDGET.toNanos();
        ConsumeTotals totals = new ConsumeTotals();
        InFlight pending = null;
        InFlight next = null;
        try {
            pending = submit(first, null);
            while (System.nanoTime() < until) {
                BufferBatch batch = buffer.poll(Duration.ZERO);
                if (batch.isEmpty()) {
                    break;
                }
                next = submit(batch, pending);
                totals.add(settle(pending));
                pending = next;
                next = null;
            }
            totals.add(settle(pending));
            return totals.report();
        } catch (StoreException failed) {
            // Whatever was pending after the failed batch fails with it: wait for its rollback.
            endQuietly(next);
            forgetUncommitted(failed);
            storeAloneNext = true;
            FailureKind kind = failed instanceof StoreRejectedException ? FailureKind.STORE_REJECTED : FailureKind.STORE_UNAVAILABLE;
            observe.storeFailed(kind, 1);
            observe.batchFailed(kind, 1, pending.batch().records().size(), String.valueOf(failed.getMessage()),
                    new FailureDecision.RetryAfter(Duration.ZERO));
            return totals.report();
        } catch (RuntimeException | Error notStored) {
            // A bug or an Error while reading or preparing the next batch: the pending ones may still commit,
            // and the reader must hear of each that did before the rewind, which goes back to the last it heard of.
            try {
                if (pending != null) {
                    totals.add(settle(pending));
                }
                if (next != null) {
                    totals.add(settle(next));
                }
            } catch (RuntimeException | Error alsoFailed) {
                endQuietly(next);
                if (alsoFailed != notStored) {
                    notStored.addSuppressed(alsoFailed);
                }
            }
            forgetUncommitted(notStored);
            throw notStored;
        }
    }

    /** A batch read and handed to the store, which may still be writing it. */
    private record InFlight(BufferBatch batch, PreparedBatch prepared, PendingStore store, long started) {
    }

    private InFlight submit(BufferBatch batch, InFlight previous) {
        long started = System.nanoTime();
        PreparedBatch prepared = preparation.prepare(batch.records(), clock.instant());
        PendingStore pending = store.storeAfter(previous == null ? null : previous.store(), storable(prepared, batch));
        return new InFlight(batch, prepared, pending, started);
    }

    /** Waits for the pending batch's commit and reports it; throws the store's failure when it did not commit. */
    private ConsumeReport settle(InFlight inFlight) {
        StoreReport report = inFlight.store().outcome();
        long at = System.nanoTime();
        return committed(inFlight.batch(), inFlight.prepared(), report, 1, Duration.ofNanos(at - inFlight.started()),
                at - inFlight.started());
    }

    /** Waits for a pending batch to end, whatever its outcome: one after a failed batch rolls back. */
    private static void endQuietly(InFlight inFlight) {
        if (inFlight == null) {
            return;
        }
        try {
            inFlight.store().outcome();
        } catch (RuntimeException | Error ignored) {
            // Expected: it could not commit after the batch before it failed.
        }
    }

    private StorableBatch storable(PreparedBatch prepared, BufferBatch batch) {
        return new StorableBatch(group, prepared.events(), prepared.samples(), prepared.deadLetters(), batch.positionsAfter(), false, 1,
                prepared.recordKeys());
    }

    /** Tells the reader and the observers about a committed batch. */
    private ConsumeReport committed(BufferBatch batch, PreparedBatch prepared, StoreReport report, int attempts, Duration storeTook,
                                    long tookNanos) {
        buffer.committed(batch);
        observe.batchStored(report, batch.records().size(), deadLettersByReason(prepared.deadLetters(), report), storeTook,
                Duration.ofNanos(tookNanos));
        live.stored(prepared.events(), prepared.samples(), prepared.deadLetters(), report, clock.instant(), Duration.ofNanos(tookNanos),
                storeTook);
        return new ConsumeReport(batch.records().size(), report.eventsStored(), report.duplicates() + prepared.batchDuplicates(),
                report.samplesStored(), report.deadLettered(), attempts);
    }

    /**
     * Rewinds the reader after a batch that was not stored. When the rewind fails too, it is owed:
     * the next cycle rewinds before it polls, since polling first would skip the batch.
     */
    private void forgetUncommitted(Throwable failure) {
        rewindOwed = true;
        try {
            buffer.rewindToCommitted();
            rewindOwed = false;
        } catch (RuntimeException | Error rewindFailed) {
            // The JVM may throw one preallocated OutOfMemoryError again, and nothing may suppress itself.
            if (rewindFailed != failure) {
                failure.addSuppressed(rewindFailed);
            }
        }
    }

    /** The prepared dead letters by reason; whatever the store added beyond them is poison it isolated. */
    private static Map<DeadLetterReason, Integer> deadLettersByReason(List<DeadLetter> prepared, StoreReport report) {
        Map<DeadLetterReason, Integer> byReason = new EnumMap<>(DeadLetterReason.class);
        for (DeadLetter letter : prepared) {
            byReason.merge(letter.reason(), 1, Integer::sum);
        }
        int isolated = report.deadLettered() - prepared.size();
        if (isolated > 0) {
            byReason.merge(DeadLetterReason.RETRIES_EXHAUSTED, isolated, Integer::sum);
        }
        return byReason;
    }
}
