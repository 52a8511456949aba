package io.sluice.loadgen;

import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.LongAdder;
import org.HdrHistogram.Recorder;

/** Latencies, events sent and errors by kind, recorded by every sending thread. Thread-safe. */
final class LoadStats {
    final Recorder latencies = new Recorder(3_600_000_000_000L, 3);
    final LongAdder events = new LongAdder();
    final Map<String, LongAdder> errorsByKind = new ConcurrentHashMap<>();
    /** Requests due before this are the client's warm-up: sent, not recorded. */
    volatile long measureFromNanos;

    boolean measured(long dueNanos) {
        return dueNanos - measureFromNanos >= 0;
    }

    void latency(long dueNanos) {
        if (measured(dueNanos)) {
            latencies.recordValue(Math.max(0, System.nanoTime() - dueNanos));
        }
    }

    void sent(long dueNanos, int count) {
        if (measured(dueNanos)) {
            events.add(count);
        }
    }

    void error(String kind) {
        errorsByKind.computeIfAbsent(kind, k -> new LongAdder()).increment();
    }

    long errors() {
        return errorsByKind.values().stream().mapToLong(LongAdder::sum).sum();
    }

    /** Errors without an HTTP answer: the server was not reached. */
    long connectionErrors() {
        return errorsByKind.entrySet().stream().filter(e -> !e.getKey().startsWith("http_"))
                .mapToLong(e -> e.getValue().sum()).sum();
    }
}
