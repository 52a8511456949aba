package io.sluice.adapters.chronicle;

import io.sluice.application.port.out.BufferBatch;
import io.sluice.application.port.out.BufferPosition;
import io.sluice.application.port.out.Offset;
import io.sluice.application.port.out.BufferUnavailableException;
import io.sluice.application.port.out.ReadBufferPort;
import io.sluice.application.port.out.ReadRecord;
import io.sluice.application.port.out.StreamName;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.List;
import java.util.function.LongConsumer;
import net.openhft.chronicle.bytes.Bytes;
import net.openhft.chronicle.queue.ExcerptTailer;
import net.openhft.chronicle.queue.RollCycle;
import net.openhft.chronicle.queue.impl.single.SingleChronicleQueue;
import net.openhft.chronicle.wire.DocumentContext;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The consumer's view of the queue. Resumes after the position the store committed (never after a
 * Chronicle named tailer, which could run ahead of the database) and hands out whole entries.
 *
 * <p>Positions: {@code next} is the index of the last entry handed out plus one. Chronicle indexes
 * carry the roll cycle in their high bits, so {@code last + 1} may name no entry at all when the
 * next entry is in a later cycle; resuming therefore moves to {@code next - 1}, the last consumed
 * entry (which retention keeps), and skips it.
 *
 * <p>{@code poll} without {@code committed} reads on after the previous batch; committing a later
 * batch commits the earlier ones too, as the store's position does. {@code rewindToCommitted} puts
 * the reader back after the last committed batch, for a consumer that failed before committing.
 * After a crash the new reader starts from the store's position, which may be behind what this
 * reader had read: those entries are read again and the store deduplicates them.
 *
 * <p>Not thread-safe: one consumer thread polls and commits. The Chronicle tailer is created on
 * that thread at the first poll, because Chronicle confines tailers to the thread that uses them.
 */
final class QueueReader implements ReadBufferPort {

    private static final Logger LOG = LoggerFactory.getLogger(QueueReader.class);

    private final SingleChronicleQueue queue;
    private final EntryCodec codec;
    private final Backlog backlog;
    private final Arrivals arrivals;
    private final StreamName stream;
    private final int maxRecords;
    private final long maxBytes;
    private final LongConsumer onCommitted;
    private final Duration retryAfter;
    /** Handed out, not yet committed: {next position, backlog weight} per batch, oldest first. */
    private final ArrayDeque<long[]> uncommitted = new ArrayDeque<>();
    private long next;
    /** Where {@link #rewindToCommitted} goes back to: after the last committed batch, or the resume position. */
    private long committedNext;
    private ExcerptTailer tailer;
    private Thread tailerThread;
    private volatile boolean closed;

    QueueReader(SingleChronicleQueue queue, EntryCodec codec, Backlog backlog, Arrivals arrivals, StreamName stream,
                int maxRecords, long maxBytes, long resumeAt, LongConsumer onCommitted, Duration retryAfter) {
        this.queue = queue;
        this.codec = codec;
        this.backlog = backlog;
        this.arrivals = arrivals;
        this.stream = stream;
        this.maxRecords = maxRecords;
        this.maxBytes = maxBytes;
        this.next = resumeAt;
        this.committedNext = resumeAt;
        this.onCommitted = onCommitted;
        this.retryAfter = retryAfter;
    }

    /**
     * Waits up to {@code maxWait} for entries and returns at most {@code maxRecordsPerBatch} records
     * read from at most {@code maxBytesPerBatch} bytes of entries (a single larger entry is returned
     * whole): the consumer's heap per batch follows the bytes, not only the count. An interrupt ends the wait early and is kept set.
     *
     * @throws BufferUnavailableException when the reader or the queue is closed or cannot be read;
     *                                    the next poll starts again after the last batch handed out
     */
    @Override
    public BufferBatch poll(Duration maxWait) {
        if (closed || queue.isClosed()) {
            throw new BufferUnavailableException("the Chronicle reader is closed", retryAfter, null);
        }
        long deadline = System.nanoTime() + maxWait.toNanos();
        List<ReadRecord> records = new ArrayList<>();
        try {
            if (tailer == null) {
                tailer = queue.createTailer();
                tailerThread = Thread.currentThread();
                moveTo(tailer, queue, next);
            } else {
                takeOverTailer();
            }
            long weight = 0;
            long bytesRead = 0;
            long last = -1;
            while (true) {
                while (records.size() < maxRecords && bytesRead < maxBytes) {
                    try (DocumentContext entry = tailer.readingDocument()) {
                        if (!entry.isPresent()) {
                            break;
                        }
                        Bytes<?> bytes = entry.wire().bytes();
                        long length = bytes.readRemaining();
                        int magic = length >= EntryCodec.HEADER_BYTES ? bytes.readInt(bytes.readPosition()) : 0;
                        int count = length >= EntryCodec.HEADER_BYTES ? bytes.readInt(bytes.readPosition() + 4) : 0;
                        int entryWeight = EntryCodec.weight(magic, count, length);
                        if (!records.isEmpty() && (records.size() + entryWeight > maxRecords || bytesRead + length > maxBytes)) {
                            entry.rollbackOnClose();
                            break;
                        }
                        byte[] raw = new byte[Math.toIntExact(length)];
                        bytes.read(raw);
                        last = entry.index();
                        records.addAll(codec.decode(last, magic, raw));
                        weight += entryWeight;
                        bytesRead += length;
                    }
                }
                long remaining = deadline - System.nanoTime();
                if (last >= 0 || remaining <= 0) {
                    break;
                }
                arrivals.awaitSlice(remaining);
            }
            if (last < 0) {
                return new BufferBatch(List.of(), List.of());
            }
            next = last + 1;
            uncommitted.addLast(new long[] {next, weight});
            return new BufferBatch(records, List.of(new BufferPosition(stream, 0, new Offset(next))));
        } catch (InterruptedException interrupted) {
            Thread.currentThread().interrupt();
            rewind();
            return new BufferBatch(List.of(), List.of());
        } catch (RuntimeException chronicle) {
            rewind();
            throw new BufferUnavailableException("reading the Chronicle queue failed: " + chronicle, retryAfter, chronicle);
        }
    }

    private void takeOverTailer() {
        if (tailerThread != Thread.currentThread()) {
            // A restarted consumer thread takes the tailer over; only one thread polls at a time.
            tailer.singleThreadedCheckReset();
            tailerThread = Thread.currentThread();
        }
    }

    /**
     * Goes back after the last committed batch. The forgotten batches' weights stay in the backlog
     * (only {@code committed} releases weight), and their entries enter {@code uncommitted} again
     * when they are read again, so each is released exactly once.
     */
    @Override
    public void rewindToCommitted() {
        uncommitted.clear();
        next = committedNext;
        rewind();
    }

    /** Puts the tailer back after {@code next}, so entries read but not returned are read again. */
    private void rewind() {
        try {
            if (tailer != null && !queue.isClosed()) {
                takeOverTailer();
                moveTo(tailer, queue, next);
            }
        } catch (RuntimeException failed) {
            // The tailer is unusable; the next poll creates a fresh one at the same position.
            ExcerptTailer broken = tailer;
            tailer = null;
            try {
                broken.close();
            } catch (RuntimeException ignored) {
                // Already failing; the queue releases it when it closes.
            }
        }
    }

    /** One reader per queue and consumer: only a rewind hands records out again. */
    @Override
    public boolean allowsPendingBatches() {
        return true;
    }

    @Override
    public void committed(BufferBatch batch) {
        long position = -1;
        for (BufferPosition after : batch.positionsAfter()) {
            if (after.stream().equals(stream) && after.partition() == 0) {
                position = after.next().value();
            }
        }
        if (position < 0) {
            return;
        }
        committedNext = Math.max(committedNext, position);
        long consumed = 0;
        while (!uncommitted.isEmpty() && uncommitted.peekFirst()[0] <= position) {
            consumed += uncommitted.pollFirst()[1];
        }
        backlog.consumed(consumed);
        onCommitted.accept(position);
    }

    /** Stops this reader; call it from the consumer thread after its last poll (Chronicle allows closing from any thread). */
    @Override
    public void close() {
        closed = true;
        ExcerptTailer open = tailer;
        if (open != null) {
            open.close();
        }
    }

    /**
     * Places {@code tailer} so that its next read is the entry after the one consumed last.
     *
     * @param next the stored position (last consumed index + 1), or a negative value for "from the start"
     */
    static void moveTo(ExcerptTailer tailer, SingleChronicleQueue queue, long next) {
        if (next < 0) {
            tailer.toStart();
            return;
        }
        RollCycle cycle = queue.rollCycle();
        if (cycle.toSequenceNumber(next) == 0) {
            // A position at a cycle's first entry (never produced by this reader) is an entry itself.
            if (tailer.moveToIndex(next)) {
                return;
            }
        } else if (tailer.moveToIndex(next - 1)) {
            try (DocumentContext consumed = tailer.readingDocument()) {
                if (consumed.isPresent() && consumed.index() == next - 1) {
                    return;
                }
            }
        }
        long first = queue.firstIndex();
        if (first != Long.MAX_VALUE && next <= first) {
            LOG.warn("Chronicle position {} of stream is before the oldest entry {}: entries were deleted; reading from the oldest",
                    next, first);
        } else {
            LOG.warn("Chronicle position {} names no entry of the queue in {} (was the directory replaced?); reading from the start,"
                    + " the store deduplicates what it already holds", next, queue.fileAbsolutePath());
        }
        tailer.toStart();
    }

    /** The backlog weight of the entries from {@code next} to the end, read with a tailer of the calling thread. */
    static long weightFrom(SingleChronicleQueue queue, long next) {
        long weight = 0;
        try (ExcerptTailer counting = queue.createTailer()) {
            moveTo(counting, queue, next);
            while (true) {
                try (DocumentContext entry = counting.readingDocument()) {
                    if (!entry.isPresent()) {
                        return weight;
                    }
                    Bytes<?> bytes = entry.wire().bytes();
                    long length = bytes.readRemaining();
                    if (length >= EntryCodec.HEADER_BYTES) {
                        weight += EntryCodec.weight(bytes.readInt(bytes.readPosition()), bytes.readInt(bytes.readPosition() + 4), length);
                    }
                }
            }
        }
    }
}
