package io.sluice.application.port.out;

import java.util.List;

/**
 * Records read from the buffer in one poll, and the positions to store once they are processed.
 * An empty batch may still move positions (records skipped by the buffer itself). Immutable.
 */
public record BufferBatch(List<ReadRecord> records, List<BufferPosition> positionsAfter) {
    public BufferBatch {
        records = List.copyOf(records);
        positionsAfter = List.copyOf(positionsAfter);
    }

    public boolean isEmpty() {
        return records.isEmpty() && positionsAfter.isEmpty();
    }
}
