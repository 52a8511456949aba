package io.sluice.adapters.chronicle;

import java.io.File;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.StandardOpenOption;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;
import net.openhft.chronicle.queue.ExcerptAppender;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Brings the pages just ahead of the writer into the page cache on a thread of its own, so an
 * append never waits for the kernel to allocate a page of the queue file. The first write into a
 * fresh page of a memory-mapped file is a page fault that allocates and zeroes a page; on the
 * virtual machine Sluice is measured on, such a fault took 20 to 270 ms now and then (78 times in
 * a minute of single-event load, always in the copy of an entry's bytes), and since appends are
 * serialized, every request behind it waited as long. With this toucher, six alternating rounds
 * each: single-event p99 61-88 ms instead of 112-188, and 18 % more requests per second; once the
 * machine's memory had been touched, a tie within noise (docs/benchmarks.md, "Night of 2026-12-03").
 *
 * <p>It only reads: one byte per page with {@code pread}, through a channel of its own, never through
 * a mapping, so it cannot change a byte of the queue and a file shortened or deleted under it is an
 * end of file or an I/O error, not a crash. A read of a page the writer has not reached allocates it
 * (zeroed, as the file is sparse there); the writer's fault on it then finds the page in the cache.
 * It stays at most {@link #AHEAD_BYTES} ahead of the last append it was told of and stops at the end
 * of the file (Chronicle extends files by whole chunks ahead of the writer). It is an optimization
 * only: when it fails, appends fault pages in themselves, as they would without it. Safe for
 * concurrent use: {@link #wrote} is called by the writer, everything else runs on its thread.
 */
final class PageToucher implements AutoCloseable {

    static final long AHEAD_BYTES = 1 << 20;
    private static final long PAGE = 4096;
    private static final long BUSY_NANOS = TimeUnit.MILLISECONDS.toNanos(1);
    private static final long IDLE_NANOS = TimeUnit.MILLISECONDS.toNanos(50);
    private static final Logger LOG = LoggerFactory.getLogger(PageToucher.class);

    private final Thread thread;
    private final ByteBuffer oneByte = ByteBuffer.allocateDirect(1);
    private volatile File file;
    private volatile long position = -1;
    private volatile boolean closed;
    /** Touched up to here (exclusive) in {@link #open}; written by the toucher's thread only. */
    private volatile long touchedTo;
    private volatile File open;
    private FileChannel channel;

    PageToucher(String name) {
        this.thread = new Thread(this::run, name);
        thread.setDaemon(true);
    }

    void start() {
        thread.start();
    }

    /** Called by the writer after each write, with the appender that wrote: where the next page faults would be. */
    void wrote(ExcerptAppender appender) {
        wrote(appender.currentFile(), appender.wire().bytes().writePosition());
    }

    /** The writer reached {@code writtenTo} in {@code current}. */
    void wrote(File current, long writtenTo) {
        if (current != file) {
            file = current;
        }
        position = writtenTo;
    }

    /** The end (exclusive) of what has been touched in {@code current}, or -1 when that is not the file being touched. */
    long touchedTo(File current) {
        File touching = open;
        return current.equals(touching) ? touchedTo : -1;
    }

    private void run() {
        long lastSeen = -1;
        while (!closed) {
            long at = position;
            File current = file;
            if (current != null && at >= 0) {
                touch(current, at);
            }
            LockSupport.parkNanos(this, at == lastSeen ? IDLE_NANOS : BUSY_NANOS);
            lastSeen = at;
        }
        closeChannel();
    }

    private void touch(File current, long writtenTo) {
        try {
            if (!current.equals(open)) {
                closeChannel();
                channel = FileChannel.open(current.toPath(), StandardOpenOption.READ);
                open = current;
                touchedTo = 0;
            }
            long from = Math.max(touchedTo, (writtenTo + PAGE - 1) & -PAGE);
            for (long page = from; page < writtenTo + AHEAD_BYTES; page += PAGE) {
                oneByte.clear();
                if (channel.read(oneByte, page) < 0) {
                    return;
                }
                touchedTo = page + PAGE;
            }
        } catch (IOException | RuntimeException failed) {
            // The file was rolled away or deleted: appends fault their own pages until the next file.
            LOG.debug("touching pages ahead of the Chronicle writer in {} failed", current, failed);
            closeChannel();
        }
    }

    private void closeChannel() {
        FileChannel closing = channel;
        channel = null;
        open = null;
        if (closing != null) {
            try {
                closing.close();
            } catch (IOException ignored) {
                // Only read from: nothing can be lost by a failed close.
            }
        }
    }

    /** Stops the thread and waits for it to release the file (at most a second). */
    @Override
    public void close() {
        closed = true;
        LockSupport.unpark(thread);
        try {
            thread.join(TimeUnit.SECONDS.toMillis(1));
        } catch (InterruptedException interrupted) {
            Thread.currentThread().interrupt();
        }
    }
}
