package io.sluice.adapters.chronicle;

import io.sluice.application.port.out.AppendToBufferPort;
import io.sluice.application.port.out.BufferBacklogFullException;
import io.sluice.application.port.out.BufferUnavailableException;
import io.sluice.application.port.out.ConsumerGroup;
import io.sluice.application.port.out.LoadConsumerPositionsPort;
import io.sluice.application.port.out.Offset;
import io.sluice.application.port.out.StreamName;
import io.sluice.application.port.out.MeasureBacklogPort;
import io.sluice.application.port.out.ReadBufferPort;
import io.sluice.application.port.out.BufferedRecord;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.time.Clock;
import java.util.List;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.function.UnaryOperator;
import net.openhft.chronicle.bytes.SyncMode;
import net.openhft.chronicle.queue.ExcerptAppender;
import net.openhft.chronicle.queue.impl.single.SingleChronicleQueue;
import net.openhft.chronicle.queue.impl.single.SingleChronicleQueueBuilder;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Sluice's single-node buffer: a Chronicle Queue in a local directory. Each {@link #append} is one
 * queue entry holding the records as a JSON array of {@code RecordDocument}s, written by an
 * {@link EntryWriter}; {@code append} returns once the entry is in the queue (memory-mapped, so it
 * survives a crash of this process; with {@link ChronicleSettings#syncToDisk()} also a power loss).
 *
 * <p>The backlog, records appended and not yet committed by the consumer, is bounded: an append
 * that would pass {@link ChronicleSettings#maxBacklogRecords()} is refused with
 * {@link BufferBacklogFullException}. It is counted again from the store's committed position
 * when the buffer opens, so it survives restarts. An append the writer does not take within
 * {@link ChronicleSettings#appendTimeout()}, or one made while closed or when the disk write fails,
 * is refused with {@link BufferUnavailableException}; a refused append is never written, except
 * when the write had already started (then the client's retry may duplicate it, and the store
 * deduplicates by id).
 *
 * <p>One reader, from {@link #reader()}, for the one consumer thread. Consumed cycle files older
 * than the retention are deleted by a background thread.
 *
 * <p>Thread-safe: {@code append} and {@code backlog} may be called by any number of threads.
 * Close the consumer before the buffer.
 */
public final class ChronicleBuffer implements AppendToBufferPort, MeasureBacklogPort, AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(ChronicleBuffer.class);

    private final ChronicleSettings settings;
    private final SingleChronicleQueue queue;
    private final EntryCodec codec;
    private final Backlog backlog;
    private final EntryWriter writer;
    private final PageToucher toucher;
    private final QueueReader reader;
    private final CycleRetention retention;
    private final ScheduledExecutorService retentionThread;
    private volatile boolean closed;

    /**
     * Opens (or creates) the queue, asks the store where {@code group} stopped reading, and counts
     * the backlog from there.
     *
     * @param clock drives the queue's roll cycles and the retention's age
     * @throws io.sluice.application.port.out.StoreUnavailableException when the positions cannot be loaded
     * @throws BufferUnavailableException when the queue cannot be opened
     */
    public ChronicleBuffer(ChronicleSettings settings, LoadConsumerPositionsPort positions, ConsumerGroup group, Clock clock) {
        this(settings, positions, group, clock, UnaryOperator.identity());
    }

    /** As above, with every appender of the writer passed through {@code appenders}: the tests' way to make the queue fail. */
    ChronicleBuffer(ChronicleSettings settings, LoadConsumerPositionsPort positions, ConsumerGroup group, Clock clock,
            UnaryOperator<ExcerptAppender> appenders) {
        this.settings = settings;
        this.queue = open(settings, clock);
        try {
            StreamName stream = new StreamName(settings.streamName());
            long resumeAt = positions.load(group, stream).nextIn(0).map(Offset::value).orElse(-1L);
            this.codec = new EntryCodec(settings.streamName());
            this.backlog = new Backlog(QueueReader.weightFrom(queue, resumeAt), settings.maxBacklogRecords());
            Arrivals arrivals = new Arrivals();
            this.retention = new CycleRetention(queue, clock, settings.retention(), resumeAt);
            this.reader = new QueueReader(queue, codec, backlog, arrivals, stream, settings.maxRecordsPerBatch(),
                    settings.maxBytesPerBatch(), resumeAt, retention::committed, settings.retryAfter());
            this.toucher = new PageToucher("sluice-chronicle-toucher");
            this.writer = settings.syncToDisk()
                    ? new GroupCommitWriter(queue, appenders, settings.handOffCapacity(), backlog, arrivals, settings.appendTimeout(),
                            settings.retryAfter(), toucher)
                    : new LockedWriter(queue, appenders, backlog, arrivals, settings.appendTimeout(), settings.retryAfter(), toucher);
            this.retentionThread = Executors.newSingleThreadScheduledExecutor(runnable -> {
                Thread thread = new Thread(runnable, "sluice-chronicle-retention");
                thread.setDaemon(true);
                return thread;
            });
        } catch (RuntimeException failed) {
            queue.close();
            throw failed;
        }
        toucher.start();
        writer.start();
        long every = settings.retentionCheckInterval().toMillis();
        retentionThread.scheduleWithFixedDelay(this::sweepQuietly, every, every, TimeUnit.MILLISECONDS);
    }

    private static SingleChronicleQueue open(ChronicleSettings settings, Clock clock) {
        try {
            Files.createDirectories(settings.directory());
            SingleChronicleQueueBuilder builder = SingleChronicleQueueBuilder.binary(settings.directory())
                    .rollCycle(RollCycleByName.resolve(settings.rollCycle()))
                    .timeProvider(clock::millis);
            if (settings.syncToDisk()) {
                builder.syncMode(SyncMode.SYNC);
            }
            return builder.build();
        } catch (IOException | RuntimeException failed) {
            throw new BufferUnavailableException("cannot open the Chronicle queue in " + settings.directory() + ": " + failed,
                    settings.retryAfter(), failed instanceof IOException io ? new UncheckedIOException(io) : failed);
        }
    }

    /** The reader of the one consumer; the same instance on every call. */
    public ReadBufferPort reader() {
        return reader;
    }

    /**
     * Appends the records as one entry and returns once it is in the queue.
     *
     * @throws BufferBacklogFullException when the backlog would pass its limit
     * @throws BufferUnavailableException when closed, when the writer did not take the entry within
     *                                    the append timeout, or when writing failed
     */
    @Override
    public void append(List<BufferedRecord> records) {
        if (records.isEmpty()) {
            return;
        }
        if (closed) {
            throw new BufferUnavailableException("the Chronicle buffer is closed", settings.retryAfter(), null);
        }
        long deadline = System.nanoTime() + settings.appendTimeout().toNanos();
        byte[] body = codec.encodeBody(records);
        if (!backlog.tryReserve(records.size())) {
            throw new BufferBacklogFullException("the Chronicle buffer holds " + backlog.records() + " unconsumed records, its limit is "
                    + settings.maxBacklogRecords(), settings.retryAfter());
        }
        writer.append(body, records.size(), deadline);
    }

    /**
     * Records appended and not yet committed by the consumer; -1 once closed or when the writer
     * thread has died (every append would be refused), so health checks and {@code /ready} show it at once.
     */
    @Override
    public long backlog() {
        return closed || !writer.isRunning() ? -1 : backlog.records();
    }

    /** Deletes consumed cycle files now instead of at the next scheduled check; for operators and tests. */
    int sweepConsumedCycles() {
        return retention.sweep();
    }

    private void sweepQuietly() {
        try {
            int deleted = retention.sweep();
            if (deleted > 0) {
                LOG.info("deleted {} consumed Chronicle cycle files older than {}", deleted, settings.retention());
            }
        } catch (RuntimeException failed) {
            // A failed sweep is retried at the next interval; the buffer keeps working meanwhile.
            LOG.warn("Chronicle retention sweep failed", failed);
        }
    }

    /** Refuses further appends, lets the writer finish its group, fails what still waits, and closes the queue. */
    @Override
    public void close() {
        if (closed) {
            return;
        }
        closed = true;
        writer.close();
        toucher.close();
        retentionThread.shutdownNow();
        try {
            retentionThread.awaitTermination(10, TimeUnit.SECONDS);
        } catch (InterruptedException interrupted) {
            Thread.currentThread().interrupt();
        }
        reader.close();
        queue.close();
    }
}
