package io.sluice.application.port.out;

import java.util.Objects;

/**
 * Where a consumer resumes in one partition of a buffer stream: the next offset (Kafka) or index
 * (Chronicle) to read. Stored in the same transaction as the data read before it. Immutable.
 *
 * @param stream    the topic or queue
 * @param partition the partition (0 for a Chronicle queue)
 * @param next      the next position to read
 */
public record BufferPosition(StreamName stream, int partition, Offset next) {
    public BufferPosition {
        Objects.requireNonNull(stream, "stream");
        Objects.requireNonNull(next, "next");
        if (partition < 0) {
            throw new IllegalArgumentException("partitions are numbered from 0");
        }
    }
}
