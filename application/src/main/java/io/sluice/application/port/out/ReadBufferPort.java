package io.sluice.application.port.out;

import java.time.Duration;

/**
 * Reads the buffer for one consumer. Positions are not kept by the buffer but by the store, with
 * the data (DESIGN §2.3): on start and on every partition assignment the adapter resumes from
 * {@link LoadConsumerPositionsPort}. Used by one consumer thread only.
 */
public interface ReadBufferPort extends AutoCloseable {

    /** Waits up to {@code maxWait} for records; returns an empty batch when none arrived. */
    BufferBatch poll(Duration maxWait);

    /**
     * Called after the batch and its positions were committed to the store. The adapter may tell
     * the buffer (Kafka offset commit for lag tools, Chronicle retention); correctness never
     * depends on it.
     */
    void committed(BufferBatch batch);

    @Override
    void close();
}
