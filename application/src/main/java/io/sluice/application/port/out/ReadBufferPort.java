package io.sluice.application.port.out;

import java.time.Duration;

/**
 * Reads the buffer for one consumer. Positions are not kept by the buffer but by the store, with
 * the data (DESIGN §2.3): on start and on every partition assignment the adapter resumes from
 * {@link LoadConsumerPositionsPort}. Used by one consumer thread only.
 */
public interface ReadBufferPort extends AutoCloseable {

    /**
     * Waits up to {@code maxWait} for records; returns an empty batch when none arrived. Reads on
     * after the previous batch even when that one was not committed, unless
     * {@link #rewindToCommitted()} was called in between.
     */
    BufferBatch poll(Duration maxWait);

    /**
     * Called after the batch and its positions were committed to the store. The adapter may tell
     * the buffer (Kafka offset commit for lag tools, Chronicle retention); correctness never
     * depends on it. It also marks where {@link #rewindToCommitted()} goes back to.
     */
    void committed(BufferBatch batch);

    /**
     * Forgets every batch handed out and not committed: the next {@link #poll} returns their
     * records again, starting after the position last committed (or the position resumed from,
     * when nothing was committed yet).
     *
     * <p>Why it exists: {@code poll} reads on after an uncommitted batch, and committing a later
     * batch moves the stored position past the earlier ones. A consumer that failed between poll
     * and commit (a bug, an {@link Error}) and simply polled again would skip its batch, and the
     * store's position would never point back at it: lost without a trace. Calling this before
     * polling again closes that path.
     *
     * @throws BufferUnavailableException when the buffer cannot be repositioned; call it again,
     *                                    successfully, before polling
     */
    void rewindToCommitted();

    /**
     * Whether the consumer may read its next batch while the previous one is still being stored
     * ({@link StoreBatchPort#storeAfter}). Safe when a record handed out again while an earlier read
     * of it is pending stores nothing twice, as with Sluice's store: events and samples are claimed
     * by id, dead letters keyed by their buffer position, positions only move forward. A Kafka
     * rebalance does hand records out again (the new assignment resumes from the stored positions,
     * which a pending batch has not moved yet). False by default: one batch at a time.
     */
    default boolean allowsPendingBatches() {
        return false;
    }

    @Override
    void close();
}
