package io.sluice.adapters.http;

import java.time.Duration;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.function.LongSupplier;

/**
 * One viewer's queue of finished SSE frames, bounded in frames and in bytes. The bound covers
 * everything this viewer keeps alive: the frames waiting and the chunk its stream is writing,
 * which stays counted until the stream asks for the next one (so a client that stops reading
 * holds at most the bound, however long its write blocks). {@link #offer} never waits for the
 * viewer; what does not fit is dropped and counted, and the viewer reads a "skipped N" marker in
 * its place. Besides the bound, a viewer keeps one marker (under 200 bytes) and a reference per
 * frame. Frames are written as soon as they arrive; a queue holding only a skip count waits until
 * {@link #SKIP_INTERVAL} after the viewer's previous write, so that counts coming with every
 * ingested batch (thousands a second when the live rate is exceeded) cost the stream a few writes
 * a second, and the publishers wake the stream only when it sleeps and would otherwise miss what
 * they queued. A count for a full queue is such a count too: frames are queued again once it is
 * written, which may be up to that interval after the stream's previous write. Thread-safe:
 * publishers offer from ingress and consumer threads, the viewer's own stream takes.
 */
final class LiveViewer implements AutoCloseable {

    /** A write of skip counts alone comes at least this long after the previous write: a person reads a few a second. */
    static final Duration SKIP_INTERVAL = Duration.ofMillis(250);
    private static final long SKIP_INTERVAL_NANOS = SKIP_INTERVAL.toNanos();

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
    private final LongSupplier nanoTime;
    private final ArrayDeque<Object> queue = new ArrayDeque<>();
    private int queuedItems;
    private long queuedBytes;
    private int writingItems;
    private long writingBytes;
    private boolean closed;
    /** When {@link #next} last handed out something to write (a heartbeat included). */
    private long lastWrite;
    /** The stream sleeps in {@link #next}: only then does a publisher need to wake it. */
    private boolean waiting;

    LiveViewer(LiveFilter filter, int maxItems, long maxBytes, Runnable onClose) {
        this(filter, maxItems, maxBytes, onClose, System::nanoTime);
    }

    LiveViewer(LiveFilter filter, int maxItems, long maxBytes, Runnable onClose, LongSupplier nanoTime) {
        this.filter = filter;
        this.maxItems = maxItems;
        this.maxBytes = maxBytes;
        this.onClose = onClose;
        this.nanoTime = nanoTime;
        // Nothing written yet: a first skip count is due at once.
        this.lastWrite = nanoTime.getAsLong() - SKIP_INTERVAL_NANOS;
    }

    LiveFilter filter() {
        return filter;
    }

    /** Queues the frames of what fits of {@code offered} (already filtered) and counts the rest as skipped. Never blocks for long. */
    synchronized void offer(List<LiveItem> offered) {
        if (closed || offered.isEmpty()) {
            return;
        }
        boolean wasEmpty = queue.isEmpty();
        boolean framesWaited = queuedItems > 0;
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
        wakeIfSooner(wasEmpty, framesWaited);
    }

    /** Counts {@code count} items this viewer wanted but the live view's rate left out (never encoded). */
    synchronized void skip(long count) {
        if (closed || count < 1) {
            return;
        }
        boolean wasEmpty = queue.isEmpty();
        marker().count += count;
        wakeIfSooner(wasEmpty, queuedItems > 0);
    }

    /**
     * Wakes the stream only if what was just queued is due before the stream planned to look again:
     * the first frame (it waited for a count's interval or its heartbeat), or a first count (it
     * waited for its heartbeat). A count added to a waiting count or to frames changes nothing.
     */
    private void wakeIfSooner(boolean wasEmpty, boolean framesWaited) {
        if (waiting && (queuedItems > 0 && !framesWaited || wasEmpty && !queue.isEmpty())) {
            notifyAll();
        }
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
     * Everything queued, waiting up to {@code wait} for something to write: frames at once, a skip
     * count alone once it is {@link #SKIP_INTERVAL} past the previous write (or the wait is over).
     * Calling it says that the previous chunk is written: its bytes no longer count, and the ones
     * returned now do until the next call.
     *
     * @return the entries, {@link Chunk#IDLE} when nothing came, {@code null} once closed
     */
    synchronized Chunk next(Duration wait) throws InterruptedException {
        writingItems = 0;
        writingBytes = 0;
        long deadline = nanoTime.getAsLong() + wait.toNanos();
        while (!closed) {
            long now = nanoTime.getAsLong();
            long left = deadline - now;
            long untilDue = lastWrite + SKIP_INTERVAL_NANOS - now;
            // Every turn looks at frames first: a frame never waits for a count's interval.
            if (queuedItems > 0 || !queue.isEmpty() && (untilDue <= 0 || left <= 0)) {
                lastWrite = now;
                return take();
            }
            if (left <= 0) {
                lastWrite = now;
                return Chunk.IDLE;
            }
            waiting = true;
            try {
                TimeUnit.NANOSECONDS.timedWait(this, queue.isEmpty() ? left : Math.min(left, untilDue));
            } finally {
                waiting = false;
            }
        }
        return null;
    }

    private Chunk take() {
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
