package io.sluice.adapters.chronicle;

import io.sluice.application.port.out.BufferUnavailableException;
import java.time.Duration;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.ReentrantLock;
import java.util.function.UnaryOperator;
import net.openhft.chronicle.queue.ExcerptAppender;
import net.openhft.chronicle.queue.impl.single.SingleChronicleQueue;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The writer for a queue that is not {@code msync}ed: the appending request's own thread writes its
 * entry under a lock. A memory-mapped append copies bytes for about a microsecond, so threads
 * rarely wait for the lock, and nothing is handed to another thread: the group-commit writer's two
 * thread switches per request cost ~40 µs of CPU on a two-core machine, more than parsing and
 * validating the event (docs/benchmarks.md), and buy nothing when there is no sync to share.
 *
 * <p>A failure of the queue refuses that append (rolled back: the reader never sees it) and gives its
 * backlog room back, and the next append opens a fresh appender, since the old one's state after a
 * failed write is unknown. An {@link Error} (out of memory above all) stops the writer: {@link #isRunning()}
 * turns false at once, which the buffer reports to the health checks and {@code /ready}, the append
 * and every later one are refused, and the error is logged (bootstrap halts the process when a logged
 * throwable is an out-of-memory error). The threads share one appender in turn, so Chronicle's
 * check that an appender stays on one thread is off; the lock orders every use of it, as Chronicle
 * asks of writers on several threads. Safe for concurrent use.
 */
final class LockedWriter implements EntryWriter {

    private static final Logger LOG = LoggerFactory.getLogger(LockedWriter.class);
    private static final long CLOSE_WAIT_SECONDS = 10;

    private final SingleChronicleQueue queue;
    private final UnaryOperator<ExcerptAppender> appenders;
    private final Backlog backlog;
    private final Arrivals arrivals;
    private final Duration appendTimeout;
    private final Duration retryAfter;
    private final PageToucher toucher;
    private final ReentrantLock lock = new ReentrantLock();
    /** Guarded by {@link #lock}; null before the first append and after a failed one. */
    private ExcerptAppender appender;
    private volatile boolean running = true;

    /**
     * @param appenders applied to every appender the writer opens; the identity in production, a
     *                  fault-injecting wrapper in the tests of the failure paths
     */
    LockedWriter(SingleChronicleQueue queue, UnaryOperator<ExcerptAppender> appenders, Backlog backlog, Arrivals arrivals,
            Duration appendTimeout, Duration retryAfter, PageToucher toucher) {
        this.queue = queue;
        this.appenders = appenders;
        this.backlog = backlog;
        this.arrivals = arrivals;
        this.appendTimeout = appendTimeout;
        this.retryAfter = retryAfter;
        this.toucher = toucher;
    }

    @Override
    public void start() {
        // No thread of its own: the first append opens the appender.
    }

    @Override
    public void append(byte[] body, int count, long deadlineNanos) {
        try {
            if (!lock.tryLock(deadlineNanos - System.nanoTime(), TimeUnit.NANOSECONDS)) {
                backlog.release(count);
                throw unavailable("the Chronicle writer did not take the append within " + appendTimeout, null);
            }
        } catch (InterruptedException interrupted) {
            Thread.currentThread().interrupt();
            backlog.release(count);
            throw unavailable("interrupted while appending to the Chronicle queue", interrupted);
        }
        try {
            if (!running) {
                backlog.release(count);
                throw unavailable("the Chronicle writer has stopped", null);
            }
            write(body, count);
        } finally {
            lock.unlock();
        }
        arrivals.signal();
    }

    /** Holding the lock. */
    private void write(byte[] body, int count) {
        try {
            if (appender == null) {
                appender = appenders.apply(queue.createAppender());
                appender.singleThreadedCheckDisabled(true);
            }
            EntryCodec.write(appender, count, body);
            toucher.wrote(appender);
        } catch (RuntimeException failed) {
            backlog.release(count);
            discardAppender();
            LOG.error("an append to the Chronicle queue failed; it was refused, and the next append opens a fresh appender", failed);
            throw unavailable("writing to the Chronicle queue failed: " + failed, failed);
        } catch (Error fatal) {
            running = false;
            backlog.release(count);
            discardAppender();
            LOG.error("the Chronicle writer stopped on an error; every append is refused from now on", fatal);
            throw unavailable("writing to the Chronicle queue failed: " + fatal, fatal);
        }
    }

    private void discardAppender() {
        ExcerptAppender broken = appender;
        appender = null;
        if (broken == null) {
            return;
        }
        try {
            broken.close();
        } catch (RuntimeException closing) {
            LOG.warn("closing the failed Chronicle appender failed too", closing);
        }
    }

    private BufferUnavailableException unavailable(String message, Throwable cause) {
        return new BufferUnavailableException(message, retryAfter, cause);
    }

    @Override
    public boolean isRunning() {
        return running;
    }

    /** Refuses further appends; waits for an append being written (a few microseconds, at most ten seconds) and closes the appender. */
    @Override
    public void close() {
        running = false;
        boolean locked = false;
        try {
            locked = lock.tryLock(CLOSE_WAIT_SECONDS, TimeUnit.SECONDS);
            if (locked) {
                discardAppender();
            }
        } catch (InterruptedException interrupted) {
            Thread.currentThread().interrupt();
        } finally {
            if (locked) {
                lock.unlock();
            }
        }
    }
}
