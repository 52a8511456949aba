package io.sluice.adapters.chronicle;

import java.io.File;
import java.time.Clock;
import java.time.Duration;
import java.util.NavigableSet;
import java.util.concurrent.atomic.AtomicLong;
import net.openhft.chronicle.queue.RollCycle;
import net.openhft.chronicle.queue.impl.RollingResourcesCache;
import net.openhft.chronicle.queue.impl.single.SingleChronicleQueue;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Deletes cycle files the consumer has wholly committed once they ended more than the retention
 * ago. The cycle holding the last committed entry is always kept: the reader resumes by moving to
 * that entry. Nothing is deleted before the consumer committed a position. Runs on one scheduler
 * thread; {@link #committed(long)} may be called from any thread.
 */
final class CycleRetention {

    private static final Logger LOG = LoggerFactory.getLogger(CycleRetention.class);

    private final SingleChronicleQueue queue;
    private final Clock clock;
    private final Duration retention;
    private final RollingResourcesCache files;
    private final AtomicLong committedNext;

    CycleRetention(SingleChronicleQueue queue, Clock clock, Duration retention, long committedNext) {
        this.queue = queue;
        this.clock = clock;
        this.retention = retention;
        this.committedNext = new AtomicLong(committedNext);
        // The same naming the queue uses for its files: cycle number to file.
        this.files = new RollingResourcesCache(queue.rollCycle(), queue.epoch(),
                name -> new File(queue.file(), name + SingleChronicleQueue.SUFFIX),
                file -> file.getName().substring(0, file.getName().length() - SingleChronicleQueue.SUFFIX.length()));
    }

    /** The consumer committed everything before {@code next}; positions only move forward. */
    void committed(long next) {
        committedNext.accumulateAndGet(next, Math::max);
    }

    /** Deletes what may go; returns how many files were deleted. */
    int sweep() {
        long next = committedNext.get();
        if (next <= 0 || queue.isClosed()) {
            return 0;
        }
        RollCycle rollCycle = queue.rollCycle();
        int keepFrom = rollCycle.toCycle(next - 1);
        int first = queue.firstCycle();
        int last = queue.lastCycle();
        if (first >= keepFrom || first == Integer.MAX_VALUE || last == Integer.MIN_VALUE) {
            return 0;
        }
        long cutoff = clock.millis() - retention.toMillis();
        NavigableSet<Long> cycles = queue.listCyclesBetween(first, last);
        int deleted = 0;
        for (long cycle : cycles) {
            long endsAt = queue.epoch() + (cycle + 1) * rollCycle.lengthInMillis();
            if (cycle >= keepFrom || endsAt > cutoff) {
                break;
            }
            File file = files.resourceFor(cycle).path;
            if (file.delete()) {
                deleted++;
            } else if (file.exists()) {
                LOG.warn("could not delete consumed Chronicle cycle file {}", file);
            }
        }
        if (deleted > 0) {
            queue.refreshDirectoryListing();
        }
        return deleted;
    }
}
