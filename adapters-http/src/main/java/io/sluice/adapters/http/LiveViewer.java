package io.sluice.adapters.http;

import java.time.Duration;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * One viewer's queue of finished SSE frames, bounded in frames and in bytes. The bound covers
 * everything this viewer keeps alive: the frames waiting and the chunk its stream is writing,
 * which stays counted until the stream asks for the next one (so a client that stops reading
 * holds at most the bound, however long its write blocks). {@link #offer} never waits for the
 * viewer; what does not fit is dropped and counted, and the viewer reads a "skipped N" marker in
 * its place. Besides the bound, a viewer keeps one marker (under 200 bytes) and a reference per
 * frame. Thread-safe: publishers offer from ingress and consumer threads, the viewer's own
 * stream takes.
 */
final class LiveViewer implements AutoCloseable {

    /** What the viewer writes next: frames ({@code byte[]}) and skip markers in order, or nothing before the heartbeat. */
    record Chunk(List<Object> entries) {
        static final Chunk IDLE = new Chunk(List.of());
    }

    /** Items dropped at this point of the stream. Mutable, guarded by the viewer. */
    static final class Skipped {
        private long count;
        /** The queue was full: later items wait until the viewer caught up, rather than overtake the gap. */
        private boolean overflow;

        long count() {
            return count;
        }
    }

    private final LiveFilter filter;
    private final int maxItems;
    private final long maxBytes;
    private final Runnable onClose;
    private final ArrayDeque<Object> queue = new ArrayDeque<>();
    private int queuedItems;
    private long queuedBytes;
    private int writingItems;
    private long writingBytes;
    private boolean closed;

    LiveViewer(LiveFilter filter, int maxItems, long maxBytes, Runnable onClose) {
        this.filter = filter;
        this.maxItems = maxItems;
        this.maxBytes = maxBytes;
        this.onClose = onClose;
    }

    LiveFilter filter() {
        return filter;
    }

    /** Queues the frames of what fits of {@code offered} (already filtered) and counts the rest as skipped. Never blocks for long. */
    synchronized void offer(List<LiveItem> offered) {
        if (closed || offered.isEmpty()) {
            return;
        }
        int fit = 0;
        // Once something was skipped, nothing later may overtake the gap until the viewer caught up.
        if (!(queue.peekLast() instanceof Skipped last && last.overflow)) {
            for (LiveItem item : offered) {
                if (heldItems() + 1 > maxItems) {
                    break;
                }
                byte[] frame = item.frame();
                if (heldBytes() + frame.length > maxBytes) {
                    break;
                }
                queue.addLast(frame);
                queuedItems++;
                queuedBytes += frame.length;
                fit++;
            }
        }
        if (fit < offered.size()) {
            marker().count += offered.size() - fit;
            marker().overflow = true;
        }
        notifyAll();
    }

    /** Counts {@code count} items this viewer wanted but the live view's rate left out (never encoded). */
    synchronized void skip(long count) {
        if (closed || count < 1) {
            return;
        }
        marker().count += count;
        notifyAll();
    }

    /** The skip marker at the end of the queue, added if the last entry is a frame. */
    private Skipped marker() {
        if (queue.peekLast() instanceof Skipped last) {
            return last;
        }
        Skipped skipped = new Skipped();
        queue.addLast(skipped);
        return skipped;
    }

    /**
     * Everything queued, waiting up to {@code wait} for something to arrive. Calling it says that
     * the previous chunk is written: its bytes no longer count, and the ones returned now do until
     * the next call.
     *
     * @return the entries, {@link Chunk#IDLE} when nothing came, {@code null} once closed
     */
    synchronized Chunk next(Duration wait) throws InterruptedException {
        writingItems = 0;
        writingBytes = 0;
        long deadline = System.nanoTime() + wait.toNanos();
        while (queue.isEmpty() && !closed) {
            long left = deadline - System.nanoTime();
            if (left <= 0) {
                return Chunk.IDLE;
            }
            TimeUnit.NANOSECONDS.timedWait(this, left);
        }
        if (closed) {
            return null;
        }
        List<Object> entries = new ArrayList<>(queue);
        queue.clear();
        writingItems = queuedItems;
        writingBytes = queuedBytes;
        queuedItems = 0;
        queuedBytes = 0;
        return new Chunk(entries);
    }

    /** Ends the stream: the viewer's next read returns {@code null}. Idempotent. */
    @Override
    public void close() {
        synchronized (this) {
            if (closed) {
                return;
            }
            closed = true;
            queue.clear();
            queuedItems = 0;
            queuedBytes = 0;
            writingItems = 0;
            writingBytes = 0;
            notifyAll();
        }
        onClose.run();
    }

    /** Frames waiting or being written. */
    synchronized int heldItems() {
        return queuedItems + writingItems;
    }

    /** The bytes of the frames waiting or being written: at most the viewer's bound. */
    synchronized long heldBytes() {
        return queuedBytes + writingBytes;
    }
}
