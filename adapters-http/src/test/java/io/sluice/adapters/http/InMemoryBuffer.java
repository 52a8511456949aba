package io.sluice.adapters.http;

import io.sluice.application.port.out.AppendToBufferPort;
import io.sluice.application.port.out.BufferRefusedException;
import io.sluice.application.port.out.BufferedRecord;
import java.util.ArrayList;
import java.util.List;

/** A buffer that keeps appended batches in memory, or refuses them with a chosen exception. Thread-safe. */
final class InMemoryBuffer implements AppendToBufferPort {

    private final List<List<BufferedRecord>> batches = new ArrayList<>();
    private BufferRefusedException refusal;

    @Override
    public synchronized void append(List<BufferedRecord> records) {
        if (refusal != null) {
            throw refusal;
        }
        batches.add(List.copyOf(records));
    }

    synchronized void refuseWith(BufferRefusedException refusal) {
        this.refusal = refusal;
    }

    synchronized List<List<BufferedRecord>> batches() {
        return List.copyOf(batches);
    }
}
