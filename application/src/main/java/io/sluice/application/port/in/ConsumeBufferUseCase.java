package io.sluice.application.port.in;

import java.time.Duration;

/**
 * Moves one batch from the buffer into the store: re-validate, deduplicate, enrich, and write
 * rows, aggregates, dead letters and positions in one transaction. Retries per the dead-letter
 * policy until the batch is committed. Run by one consumer thread per buffer reader.
 */
public interface ConsumeBufferUseCase {

    /**
     * Store outages and refusals are retried here. Any other failure before the store committed
     * the batch (a bug, an {@link Error}) is rethrown with the batch uncommitted and the reader
     * rewound to the last committed position: calling again reads the same batch again, so trying
     * again after a failure never skips records.
     *
     * @param maxWait how long to wait for records
     * @throws InterruptedException when the thread is interrupted (shutdown); the batch then
     *                              stays uncommitted and is read again on restart
     */
    ConsumeReport consumeNextBatch(Duration maxWait) throws InterruptedException;
}
