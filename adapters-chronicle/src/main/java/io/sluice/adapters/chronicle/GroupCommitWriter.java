package io.sluice.adapters.chronicle;

import io.sluice.application.port.out.BufferUnavailableException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.UnaryOperator;
import net.openhft.chronicle.queue.ExcerptAppender;
import net.openhft.chronicle.queue.impl.single.SingleChronicleQueue;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The writer for a queue that {@code msync}s every entry: one thread appends to the queue and
 * drains every waiting append in one go, so under load many requests share one {@code msync}
 * (group commit). Request threads hand over {@link PendingAppend}s through a bounded queue and wait
 * for the outcome; that hand-off costs two thread switches per request, which only the shared sync
 * pays for ({@link LockedWriter} is the writer without a sync). Safe for concurrent use by request threads.
 *
 * <p>A failure of the queue while a group is written refuses the failing append and the ones of
 * the group not written yet (their clients get 503 and retry), completes the ones already written
 * (they are in the queue), is logged, and the writer starts over with a new appender, since the old
 * one's state after a failed write is unknown: the failed entry was rolled back, so starting over
 * loses and duplicates nothing the clients were told. An {@link Error} (out of memory above all) ends the thread: {@link #isRunning()} turns false
 * at once, which the buffer reports as not answering to the health checks and {@code /ready}, and
 * the error goes to the thread's uncaught-exception handler (bootstrap's halts the process on
 * out-of-memory, as {@code -XX:+ExitOnOutOfMemoryError} would).
 */
final class GroupCommitWriter implements EntryWriter {

    private static final Logger LOG = LoggerFactory.getLogger(GroupCommitWriter.class);
    private static final int MAX_GROUP = 512;
    private static final long RESTART_PAUSE_MILLIS = 100;

    private final SingleChronicleQueue queue;
    private final UnaryOperator<ExcerptAppender> appenders;
    private final BlockingQueue<PendingAppend> handOff;
    private final Backlog backlog;
    private final Arrivals arrivals;
    private final Duration appendTimeout;
    private final Duration retryAfter;
    private final Thread thread;
    private volatile boolean running = true;
    private final PageToucher toucher;

    /**
     * @param appenders applied to every appender the writer opens; the identity in production, a
     *                  fault-injecting wrapper in the tests of the writer's failure paths
     */
    GroupCommitWriter(SingleChronicleQueue queue, UnaryOperator<ExcerptAppender> appenders, int capacity, Backlog backlog, Arrivals arrivals,
            Duration appendTimeout, Duration retryAfter, PageToucher toucher) {
        this.queue = queue;
        this.appenders = appenders;
        this.handOff = new ArrayBlockingQueue<>(capacity);
        this.backlog = backlog;
        this.arrivals = arrivals;
        this.appendTimeout = appendTimeout;
        this.retryAfter = retryAfter;
        this.toucher = toucher;
        this.thread = new Thread(this::run, "sluice-chronicle-writer");
        this.thread.setDaemon(true);
    }

    @Override
    public void start() {
        thread.start();
    }

    @Override
    public void append(byte[] body, int count, long deadlineNanos) {
        PendingAppend append = new PendingAppend(body, count);
        try {
            if (!handOff.offer(append, deadlineNanos - System.nanoTime(), TimeUnit.NANOSECONDS)) {
                backlog.release(count);
                throw unavailable("the Chronicle writer did not take the append within " + appendTimeout, null);
            }
            if (!isRunning() && append.cancel()) {
                backlog.release(count);
                throw unavailable("the Chronicle writer has stopped", null);
            }
            append.outcome.get(deadlineNanos - System.nanoTime(), TimeUnit.NANOSECONDS);
        } catch (TimeoutException late) {
            awaitStartedWrite(append);
        } catch (ExecutionException failed) {
            throw unavailable("writing to the Chronicle queue failed: " + failed.getCause(), failed.getCause());
        } catch (InterruptedException interrupted) {
            Thread.currentThread().interrupt();
            if (append.cancel()) {
                backlog.release(count);
            }
            throw unavailable("interrupted while appending to the Chronicle queue", interrupted);
        }
    }

    /**
     * The timeout passed. An append the writer has not claimed is withdrawn and refused; one it is
     * writing gets one more timeout to finish, since a memory-mapped write normally takes
     * microseconds and refusing it would invite a duplicate.
     */
    private void awaitStartedWrite(PendingAppend append) {
        if (append.cancel()) {
            backlog.release(append.count);
            throw unavailable("the Chronicle writer did not write the append within " + appendTimeout, null);
        }
        try {
            append.outcome.get(appendTimeout.toNanos(), TimeUnit.NANOSECONDS);
        } catch (TimeoutException stuck) {
            throw unavailable("the Chronicle write did not finish within twice " + appendTimeout + "; it may still be written", stuck);
        } catch (ExecutionException failed) {
            throw unavailable("writing to the Chronicle queue failed: " + failed.getCause(), failed.getCause());
        } catch (InterruptedException interrupted) {
            Thread.currentThread().interrupt();
            throw unavailable("interrupted while appending to the Chronicle queue", interrupted);
        }
    }

    private BufferUnavailableException unavailable(String message, Throwable cause) {
        return new BufferUnavailableException(message, retryAfter, cause);
    }

    @Override
    public boolean isRunning() {
        return running && thread.isAlive();
    }

    private void run() {
        List<PendingAppend> group = new ArrayList<>(MAX_GROUP);
        try {
            while (running) {
                try (ExcerptAppender appender = appenders.apply(queue.createAppender())) {
                    serve(appender, group);
                } catch (RuntimeException broken) {
                    failAll(group, broken);
                    group.clear();
                    LOG.error("the Chronicle writer failed; its group of appends was refused and it starts over", broken);
                    Thread.sleep(RESTART_PAUSE_MILLIS);
                }
            }
        } catch (InterruptedException stop) {
            Thread.currentThread().interrupt();
        } catch (Error fatal) {
            running = false;
            failAll(group, fatal);
            throw fatal;
        } finally {
            running = false;
            List<PendingAppend> left = new ArrayList<>();
            handOff.drainTo(left);
            failAll(left, new IllegalStateException("the Chronicle buffer is closed"));
        }
    }

    /** Writes groups until closed; returns only then, or throws what broke the appender. */
    private void serve(ExcerptAppender appender, List<PendingAppend> group) throws InterruptedException {
        while (running) {
            PendingAppend first = handOff.poll(100, TimeUnit.MILLISECONDS);
            if (first == null) {
                continue;
            }
            group.add(first);
            handOff.drainTo(group, MAX_GROUP - 1);
            writeGroup(appender, group);
            group.clear();
        }
    }

    /**
     * Writes the group and syncs what was written. A failed write refuses that append, leaves the
     * rest of the group unwritten (refused by the caller when it starts over), completes what was
     * written before it, and then throws, so the writer continues with a fresh appender.
     */
    private void writeGroup(ExcerptAppender appender, List<PendingAppend> group) {
        int written = 0;
        RuntimeException writeFailure = null;
        for (PendingAppend append : group) {
            if (!append.claim()) {
                continue;
            }
            try {
                write(appender, append);
                written++;
            } catch (RuntimeException failed) {
                append.fail(failed);
                backlog.release(append.count);
                writeFailure = failed;
                break;
            }
        }
        if (written > 0) {
            toucher.wrote(appender);
            finishWritten(appender, group);
        }
        if (writeFailure != null) {
            throw writeFailure;
        }
    }

    private void finishWritten(ExcerptAppender appender, List<PendingAppend> group) {
        RuntimeException syncFailure = null;
        try {
            appender.sync();
        } catch (RuntimeException failed) {
            syncFailure = failed;
        }
        for (PendingAppend append : group) {
            if (append.isWritten()) {
                if (syncFailure == null) {
                    append.complete();
                } else {
                    // Written but maybe not on disk: refuse, so the client retries; the reader may
                    // still deliver the entry, and the store deduplicates by event id.
                    append.fail(syncFailure);
                }
            }
        }
        arrivals.signal();
    }

    private static void write(ExcerptAppender appender, PendingAppend append) {
        EntryCodec.write(appender, append.count, append.body);
        append.markWritten();
    }

    private void failAll(List<PendingAppend> appends, Throwable cause) {
        for (PendingAppend append : appends) {
            if (append.claim()) {
                append.fail(cause);
                backlog.release(append.count);
            } else if (append.isClaimedNotDone()) {
                append.fail(cause);
                if (!append.isWritten()) {
                    backlog.release(append.count);
                }
            }
        }
    }

    /** Stops the writer after the group in progress; appends still waiting are failed. */
    @Override
    public void close() {
        running = false;
        try {
            thread.join(TimeUnit.SECONDS.toMillis(10));
        } catch (InterruptedException interrupted) {
            Thread.currentThread().interrupt();
        }
    }

    /**
     * One append on its way to the writer. Either the writer claims it (and then always completes
     * or fails it) or the waiting request thread cancels it (and then it is never written), so a
     * request that gave up never has its records written behind its back.
     */
    static final class PendingAppend {
        private static final int WAITING = 0;
        private static final int CLAIMED = 1;
        private static final int CANCELLED = 2;

        final byte[] body;
        final int count;
        final CompletableFuture<Void> outcome = new CompletableFuture<>();
        private final AtomicInteger state = new AtomicInteger(WAITING);
        private boolean written;

        PendingAppend(byte[] body, int count) {
            this.body = body;
            this.count = count;
        }

        boolean claim() {
            return state.compareAndSet(WAITING, CLAIMED);
        }

        boolean cancel() {
            return state.compareAndSet(WAITING, CANCELLED);
        }

        private void markWritten() {
            written = true;
        }

        private boolean isWritten() {
            return written;
        }

        private boolean isClaimedNotDone() {
            return state.get() == CLAIMED && !outcome.isDone();
        }

        private void complete() {
            outcome.complete(null);
        }

        private void fail(Throwable cause) {
            outcome.completeExceptionally(cause);
        }
    }
}
