package io.sluice.adapters.http;

import java.time.Duration;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * One viewer's queue: bounded in items and in estimated bytes. {@link #offer} never waits for the
 * viewer; what does not fit is dropped and counted, and the viewer reads a "skipped N" marker in
 * its place. Thread-safe: publishers offer from ingress and consumer threads, the viewer's own
 * request thread takes.
 */
final class LiveViewer implements AutoCloseable {

    /** What the viewer reads next: items and skip markers in order, or nothing before the heartbeat. */
    record Chunk(List<Object> entries) {
        static final Chunk IDLE = new Chunk(List.of());
    }

    /** Items dropped at this point of the stream because the queue was full. Mutable, guarded by the viewer. */
    static final class Skipped {
        private long count;

        long count() {
            return count;
        }
    }

    private final LiveFilter filter;
    private final int maxItems;
    private final long maxBytes;
    private final Runnable onClose;
    private final ArrayDeque<Object> queue = new ArrayDeque<>();
    private int items;
    private long bytes;
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

    /** Queues what fits of {@code offered} (already filtered) and counts the rest as skipped. Never blocks for long. */
    synchronized void offer(List<LiveItem> offered) {
        if (closed || offered.isEmpty()) {
            return;
        }
        int fit = 0;
        long fitBytes = 0;
        if (!(queue.peekLast() instanceof Skipped)) {
            // Once something was skipped, nothing later may overtake the gap until the viewer caught up.
            for (LiveItem item : offered) {
                long size = item.estimatedBytes();
                if (items + fit + 1 > maxItems || bytes + fitBytes + size > maxBytes) {
                    break;
                }
                fit++;
                fitBytes += size;
            }
        }
        if (fit > 0) {
            queue.addLast(fit == offered.size() ? offered : List.copyOf(offered.subList(0, fit)));
            items += fit;
            bytes += fitBytes;
        }
        if (fit < offered.size()) {
            Skipped skipped = queue.peekLast() instanceof Skipped last ? last : new Skipped();
            if (skipped != queue.peekLast()) {
                queue.addLast(skipped);
            }
            skipped.count += offered.size() - fit;
        }
        notifyAll();
    }

    /**
     * Everything queued, waiting up to {@code wait} for something to arrive.
     *
     * @return the entries, {@link Chunk#IDLE} when nothing came, {@code null} once closed
     */
    synchronized Chunk next(Duration wait) throws InterruptedException {
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
        items = 0;
        bytes = 0;
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
            notifyAll();
        }
        onClose.run();
    }

    synchronized int queuedItems() {
        return items;
    }

    synchronized long queuedBytes() {
        return bytes;
    }
}
