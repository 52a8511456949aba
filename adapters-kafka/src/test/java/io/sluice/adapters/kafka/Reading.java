package io.sluice.adapters.kafka;

import static org.assertj.core.api.Assertions.fail;

import io.sluice.application.port.out.BufferBatch;
import io.sluice.application.port.out.ReadBufferPort;
import io.sluice.application.port.out.ReadRecord;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

/** Drives readers the way the consumer service does, for tests. */
final class Reading {

    private Reading() {
    }

    /**
     * Polls until {@code expected} records arrived, storing each batch's positions in {@code store}
     * and telling the reader, as the consumer service does after its store commit.
     */
    static List<ReadRecord> readAndStore(ReadBufferPort reader, InMemoryStore store, io.sluice.application.port.out.ConsumerGroup group,
                                         int expected, Duration within) {
        List<ReadRecord> read = new ArrayList<>();
        long deadline = System.nanoTime() + within.toNanos();
        while (read.size() < expected) {
            if (System.nanoTime() > deadline) {
                fail("read " + read.size() + " of " + expected + " records within " + within);
            }
            BufferBatch batch = reader.poll(Duration.ofMillis(200));
            read.addAll(batch.records());
            store.storePositions(group, batch.positionsAfter());
            reader.committed(batch);
        }
        return read;
    }

    /** Polls for {@code quietFor} and returns whatever arrived (expected: nothing). */
    static List<ReadRecord> readFor(ReadBufferPort reader, Duration quietFor) {
        List<ReadRecord> read = new ArrayList<>();
        long deadline = System.nanoTime() + quietFor.toNanos();
        while (System.nanoTime() < deadline) {
            read.addAll(reader.poll(Duration.ofMillis(200)).records());
        }
        return read;
    }
}
