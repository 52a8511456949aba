package io.sluice.application.fakes;

import io.sluice.application.port.out.AppendToBufferPort;
import io.sluice.application.port.out.BufferBatch;
import io.sluice.application.port.out.BufferPosition;
import io.sluice.application.port.out.Offset;
import io.sluice.application.port.out.BufferRefusedException;
import io.sluice.application.port.out.BufferUnavailableException;
import io.sluice.application.port.out.MeasureBacklogPort;
import io.sluice.application.port.out.ReadBufferPort;
import io.sluice.application.port.out.ReadRecord;
import io.sluice.application.port.out.StreamName;
import io.sluice.domain.event.Event;
import io.sluice.domain.event.EventFields;
import io.sluice.domain.event.EventSource;
import io.sluice.domain.event.IsoTimestamps;
import io.sluice.domain.metric.MetricDraft;
import io.sluice.domain.metric.MetricSample;
import io.sluice.application.port.out.BufferedRecord;
import io.sluice.application.port.out.RecordDraft;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * A one-partition buffer in memory. Records are read back as drafts of their fields, in the JDK
 * types a JSON decoder gives (timestamps as text), as real adapters read their documents back,
 * so what the consumer reads is a draft, never the appended object. It knows no record format:
 * foreign producers' documents are read by their fields. Unreadable bytes can be simulated;
 * appends can be refused. Thread-safe (every method is synchronized).
 */
public final class InMemoryBuffer implements AppendToBufferPort, ReadBufferPort, MeasureBacklogPort {

    public static final StreamName STREAM = new StreamName("memory");

    private final List<ReadRecord> log = new ArrayList<>();
    private final List<BufferedRecord> appended = new ArrayList<>();
    private final List<BufferBatch> committedBatches = new ArrayList<>();
    private int maxBatch = 500;
    private boolean allowsPendingBatches;
    private long readCursor;
    private long committed;
    private long rewindTo;
    private int rewinds;
    private int failingRewinds;
    private BufferRefusedException refusal;
    private boolean closed;

    /** Every later append throws this, until {@link #acceptAppends()}. */
    public synchronized InMemoryBuffer refuseAppends(BufferRefusedException refusal) {
        this.refusal = refusal;
        return this;
    }

    public synchronized InMemoryBuffer refuseAppends() {
        return refuseAppends(new BufferUnavailableException("buffer down (test)", Duration.ofSeconds(5), null));
    }

    public synchronized InMemoryBuffer acceptAppends() {
        this.refusal = null;
        return this;
    }

    /** Lets the consumer overlap its batches, as Sluice's Chronicle and Kafka readers do. */
    public synchronized InMemoryBuffer allowingPendingBatches() {
        this.allowsPendingBatches = true;
        return this;
    }

    @Override
    public synchronized boolean allowsPendingBatches() {
        return allowsPendingBatches;
    }

    public synchronized InMemoryBuffer maxBatch(int records) {
        this.maxBatch = records;
        return this;
    }

    @Override
    public synchronized void append(List<BufferedRecord> records) {
        if (refusal != null) {
            throw refusal;
        }
        for (BufferedRecord record : records) {
            byte[] raw = record.toString().getBytes(StandardCharsets.UTF_8);
            add(readBack(record, raw.length), raw);
            appended.add(record);
        }
    }

    private static RecordDraft readBack(BufferedRecord record, int rawBytes) {
        if (record instanceof BufferedRecord.EventRecord r) {
            Event event = r.event();
            Map<String, Object> fields = new HashMap<>();
            fields.put("event_id", event.id().value());
            fields.put("user_id", event.user().value());
            fields.put("event_type", event.type().value());
            fields.put("timestamp", IsoTimestamps.format(event.timestamp()));
            fields.put("session_id", event.session() == null ? null : event.session().value());
            fields.put("duration_seconds", event.durationSeconds());
            fields.put("properties", event.properties().asMap());
            return new RecordDraft.OfEvent(EventFields.draft(fields, rawBytes, event.receivedAt(), event.source()), event.schema());
        }
        if (record instanceof BufferedRecord.MetricRecord r) {
            MetricSample sample = r.sample();
            return new RecordDraft.OfMetric(new MetricDraft(sample.id(), sample.name().value(), sample.value(),
                    IsoTimestamps.format(sample.timestamp()), sample.labels().asMap(), sample.receivedAt()));
        }
        return new RecordDraft.OfDeadLetter(((BufferedRecord.RejectedRecord) record).deadLetter());
    }

    /** A document written by a producer that is not Sluice (seed 003's, or anyone's), read by its fields. */
    public synchronized void appendForeign(Map<String, Object> document) {
        byte[] raw = document.toString().getBytes(StandardCharsets.UTF_8);
        if (document.containsKey("event_type") || document.containsKey("user_id")) {
            add(new RecordDraft.OfEvent(EventFields.draft(document, raw.length, null, EventSource.FOREIGN_PRODUCER)), raw);
        } else if (document.containsKey("name") && document.containsKey("value")) {
            add(new RecordDraft.OfMetric(new MetricDraft(null, document.get("name"), document.get("value"), document.get("timestamp"),
                    document.get("labels"), null)), raw);
        } else {
            add(new RecordDraft.Unreadable("neither an event nor a metric sample"), raw);
        }
    }

    /** A draft exactly as given, for shapes no decoder produces today. */
    public synchronized void appendDraft(RecordDraft draft, byte[] raw) {
        add(draft, raw);
    }

    /** Bytes no decoder understood. */
    public synchronized void appendUnreadable(byte[] raw, String reason) {
        add(new RecordDraft.Unreadable(reason), raw);
    }

    private void add(RecordDraft draft, byte[] raw) {
        log.add(new ReadRecord(draft, raw, STREAM + "/0@" + log.size()));
    }

    /** What Sluice appended, in order, as appended. */
    public synchronized List<BufferedRecord> appended() {
        return List.copyOf(appended);
    }

    @Override
    public synchronized BufferBatch poll(Duration maxWait) {
        int from = (int) readCursor;
        int to = (int) Math.min(log.size(), readCursor + maxBatch);
        if (from == to) {
            return new BufferBatch(List.of(), List.of());
        }
        readCursor = to;
        return new BufferBatch(log.subList(from, to), List.of(position(to)));
    }

    /** Where the consumer resumes after the record at {@code next - 1} (the buffer's one partition). */
    public static BufferPosition position(long next) {
        return new BufferPosition(STREAM, 0, new Offset(next));
    }

    @Override
    public synchronized void committed(BufferBatch batch) {
        committedBatches.add(batch);
        for (BufferPosition position : batch.positionsAfter()) {
            committed = Math.max(committed, position.next().value());
            rewindTo = Math.max(rewindTo, position.next().value());
        }
    }

    @Override
    public synchronized void rewindToCommitted() {
        if (failingRewinds > 0) {
            failingRewinds--;
            throw new BufferUnavailableException("cannot rewind (test)", Duration.ofSeconds(1), null);
        }
        rewinds++;
        readCursor = rewindTo;
    }

    /** The next {@code times} rewinds throw {@link BufferUnavailableException} and leave the cursor where it is. */
    public synchronized InMemoryBuffer failRewinds(int times) {
        this.failingRewinds = times;
        return this;
    }

    /** Rewinds that succeeded. */
    public synchronized int rewinds() {
        return rewinds;
    }

    /** A restart: reading resumes at {@code next}, as an adapter resumes from the stored positions. */
    public synchronized void seek(long next) {
        readCursor = next;
        rewindTo = next;
    }

    public synchronized List<BufferBatch> committedBatches() {
        return List.copyOf(committedBatches);
    }

    @Override
    public synchronized long backlog() {
        return log.size() - committed;
    }

    public synchronized int size() {
        return log.size();
    }

    @Override
    public synchronized void close() {
        closed = true;
    }

    public synchronized boolean closed() {
        return closed;
    }
}
