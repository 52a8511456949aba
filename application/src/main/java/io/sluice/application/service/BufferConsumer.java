package io.sluice.application.service;

import io.sluice.application.port.in.ConsumeBufferUseCase;
import io.sluice.application.port.in.ConsumeReport;
import io.sluice.application.port.out.BufferBatch;
import io.sluice.application.port.out.ConsumerGroup;
import io.sluice.application.port.out.ObservePipelinePort;
import io.sluice.application.port.out.PublishLiveEventsPort;
import io.sluice.application.port.out.ReadBufferPort;
import io.sluice.application.port.out.StorableBatch;
import io.sluice.application.port.out.StoreBatchPort;
import io.sluice.application.port.out.StoreReport;
import io.sluice.domain.deadletter.DeadLetter;
import io.sluice.domain.deadletter.DeadLetterPolicy;
import io.sluice.domain.deadletter.DeadLetterReason;
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

    private final ReadBufferPort buffer;
    private final ConsumerGroup group;
    private final Clock clock;
    private final ObservePipelinePort observe;
    private final PublishLiveEventsPort live;
    private final BatchPreparation preparation;
    private final StoreRetries retries;
    private boolean rewindOwed;

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
        long started = System.nanoTime();
        PreparedBatch prepared;
        StoreRetries.Stored stored;
        try {
            prepared = preparation.prepare(batch.records(), clock.instant());
            stored = retries.store(new StorableBatch(group, prepared.events(), prepared.samples(), prepared.deadLetters(),
                    batch.positionsAfter(), false, 1, prepared.recordKeys()), batch.records().size());
        } catch (RuntimeException | Error | InterruptedException notStored) {
            // The reader reads on after an uncommitted batch, and the next commit would move the stored
            // position past this one: it would be lost. Whatever failed, the next poll must return it again.
            forgetUncommitted(notStored);
            throw notStored;
        }
        // Stored: from here on a failure must not rewind, since reading the batch again would store its
        // dead letters a second time (the store deduplicates events and samples by id, not dead letters).
        buffer.committed(batch);
        StoreReport report = stored.report();
        observe.batchStored(report, batch.records().size(), deadLettersByReason(prepared.deadLetters(), report),
                stored.storeTook(), Duration.ofNanos(stored.at() - started));
        live.stored(prepared.events(), prepared.samples(), prepared.deadLetters(), report, clock.instant(),
                Duration.ofNanos(stored.at() - started), stored.storeTook());
        return new ConsumeReport(batch.records().size(), report.eventsStored(), report.duplicates() + prepared.batchDuplicates(),
                report.samplesStored(), report.deadLettered(), stored.attempts());
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
