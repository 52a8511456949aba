package io.sluice.application.service;

import io.sluice.application.port.out.ArchiveRows;
import java.time.Duration;
import java.util.Objects;
import java.util.concurrent.CancellationException;
import java.util.concurrent.TimeUnit;
import java.util.function.LongSupplier;

/**
 * Holds the rows of an archive pass to a rate, so the daily archive (which has the whole day to
 * finish) takes a slice of the CPU the consumer and the database share instead of a core at full
 * speed. Each pass over the rows is paced on its own: every {@link #CHECK_EVERY} rows and at its
 * end, the pass sleeps until it is no longer ahead of {@code rowsPerSecond} since its start. A pass that
 * is slower than the limit never sleeps. Thread-safe (each pass keeps its own count).
 */
public final class ArchivePace {

    /**
     * Rows between checks: at 20,000 rows/s a pause of about 50 ms, short enough to keep the CPU use
     * even, long enough that reading the time costs nothing next to the rows.
     */
    static final int CHECK_EVERY = 1_000;

    private final long rowsPerSecond;
    private final LongSupplier nanoTime;
    private final Pause pause;

    /**
     * @param rowsPerSecond the most rows a pass moves per second on average; 0 for no limit
     * @param nanoTime      a monotonic time in nanoseconds ({@code System::nanoTime})
     * @param pause         sleeps; interrupting it cancels the pass
     */
    public ArchivePace(long rowsPerSecond, LongSupplier nanoTime, Pause pause) {
        if (rowsPerSecond < 0) {
            throw new IllegalArgumentException("the archive pace is rows per second, 0 for unpaced (got " + rowsPerSecond + ")");
        }
        this.rowsPerSecond = rowsPerSecond;
        this.nanoTime = Objects.requireNonNull(nanoTime, "nanoTime");
        this.pause = Objects.requireNonNull(pause, "pause");
    }

    /** No limit: rows pass as fast as the two sides move them. */
    public static ArchivePace unpaced() {
        return new ArchivePace(0, () -> 0, delay -> { });
    }

    /**
     * The same rows, handed on no faster than the pace.
     *
     * @throws CancellationException from {@code forEach} when the thread is interrupted while pausing
     *                               (the interrupt stays set)
     */
    ArchiveRows paced(ArchiveRows rows) {
        if (rowsPerSecond == 0) {
            return rows;
        }
        return ArchiveRows.of(sink -> {
            long started = nanoTime.getAsLong();
            long[] passed = new long[1];
            long total = rows.forEach(row -> {
                sink.accept(row);
                if (++passed[0] % CHECK_EVERY == 0) {
                    holdTo(started, passed[0]);
                }
            });
            holdTo(started, passed[0]);
            return total;
        });
    }

    private void holdTo(long started, long rows) {
        long due = TimeUnit.SECONDS.toNanos(rows) / rowsPerSecond;
        long ahead = due - (nanoTime.getAsLong() - started);
        if (ahead <= 0) {
            return;
        }
        try {
            pause.pause(Duration.ofNanos(ahead));
        } catch (InterruptedException interrupted) {
            Thread.currentThread().interrupt();
            throw new CancellationException("the archive was interrupted (shutdown) after " + rows + " rows");
        }
    }
}
