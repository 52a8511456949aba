package io.sluice.application.port.out;

import java.util.List;

/**
 * Durably appends records to the buffer. Returns only once the buffer acknowledged every record
 * (Kafka {@code acks=all}, Chronicle append), so the caller may acknowledge its client.
 * Implementations are safe for concurrent use by many request threads.
 */
public interface AppendToBufferPort {

    /**
     * @throws BufferRefusedException when not every record was acknowledged; the caller must then
     *                                not acknowledge any of them
     */
    void append(List<BufferedRecord> records);
}
