package io.sluice.adapters.chronicle;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.locks.ReentrantLock;
import net.openhft.chronicle.bytes.Bytes;
import net.openhft.chronicle.queue.ExcerptAppender;
import net.openhft.chronicle.queue.impl.single.SingleChronicleQueue;
import net.openhft.chronicle.wire.DocumentContext;

/**
 * Writes appends to the queue with one appender, one group at a time (group commit): an appending
 * thread queues its {@link PendingAppend} and, if no other thread is writing, becomes the writer
 * and writes every append waiting, its own included, then syncs once; if another thread is
 * writing, that thread writes this append too, since a writer only stops once the queue is empty
 * after it released the lock. Unlike a dedicated writer thread, an append that finds the queue
 * idle costs no thread hand-off: the single-event profile showed the two wake-ups per request of
 * that design as the largest cost of the ingest path after Jersey. Chronicle appenders are
 * confined to one thread at a time; the lock provides that, so the appender's own thread check is
 * disabled. Safe for concurrent use by request threads.
 */
final class QueueWriter implements AutoCloseable {

    private static final int MAX_GROUP = 512;

    private final BlockingQueue<PendingAppend> waiting;
    private final Backlog backlog;
    private final Arrivals arrivals;
    private final boolean syncToDisk;
    private final ExcerptAppender appender;
    private final ReentrantLock writing = new ReentrantLock();
    private final List<PendingAppend> group = new ArrayList<>(MAX_GROUP);
    private volatile boolean running = true;

    QueueWriter(SingleChronicleQueue queue, int capacity, Backlog backlog, Arrivals arrivals, boolean syncToDisk) {
        this.waiting = new ArrayBlockingQueue<>(capacity);
        this.backlog = backlog;
        this.arrivals = arrivals;
        this.syncToDisk = syncToDisk;
        this.appender = queue.createAppender();
        this.appender.singleThreadedCheckDisabled(true);
    }

    /**
     * Queues an append and writes the waiting ones if no other thread is; false when the queue
     * stayed full for {@code timeoutNanos}. On true the append is written, failed, or being
     * written by another thread: wait on its outcome.
     */
    boolean offer(PendingAppend append, long timeoutNanos) throws InterruptedException {
        if (!waiting.offer(append, timeoutNanos, TimeUnit.NANOSECONDS)) {
            return false;
        }
        writeWaiting();
        return true;
    }

    boolean isRunning() {
        return running;
    }

    /**
     * Writes groups while appends wait and the lock is free. Checking the queue again after each
     * unlock is what lets an appender that found the lock taken simply wait: its append was queued
     * before its failed {@code tryLock}, so the holder's check after unlocking sees it.
     */
    private void writeWaiting() {
        while (!waiting.isEmpty() && writing.tryLock()) {
            try {
                waiting.drainTo(group, MAX_GROUP);
                if (running) {
                    writeGroup();
                } else {
                    failAll(group, new IllegalStateException("the Chronicle buffer is closed"));
                }
            } catch (RuntimeException broken) {
                // Unknown state of the appender: stop taking appends rather than write after a half-done one.
                // The appends of the group, this thread's own among them, carry the cause to their callers.
                running = false;
                failAll(group, broken);
            } catch (Error broken) {
                running = false;
                failAll(group, broken);
                throw broken;
            } finally {
                group.clear();
                writing.unlock();
            }
        }
    }

    private void writeGroup() {
        int written = 0;
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
            }
        }
        if (written == 0) {
            return;
        }
        RuntimeException syncFailure = null;
        if (syncToDisk) {
            try {
                appender.sync();
            } catch (RuntimeException failed) {
                syncFailure = failed;
            }
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
        DocumentContext context = appender.writingDocument();
        try {
            Bytes<?> bytes = context.wire().bytes();
            bytes.writeInt(EntryCodec.MAGIC);
            bytes.writeInt(append.count);
            bytes.write(append.body);
        } catch (RuntimeException failed) {
            context.rollbackOnClose();
            throw failed;
        } finally {
            context.close();
        }
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

    /** Stops taking appends; waits for the group being written, fails what still waits, closes the appender. */
    @Override
    public void close() {
        running = false;
        boolean locked = false;
        try {
            locked = writing.tryLock(10, TimeUnit.SECONDS);
        } catch (InterruptedException interrupted) {
            Thread.currentThread().interrupt();
        }
        try {
            List<PendingAppend> left = new ArrayList<>();
            waiting.drainTo(left);
            failAll(left, new IllegalStateException("the Chronicle buffer is closed"));
            if (locked) {
                appender.close();
            }
        } finally {
            if (locked) {
                writing.unlock();
            }
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
