package io.sluice.adapters.chronicle;

import static io.sluice.adapters.chronicle.TestRecords.event;
import static io.sluice.adapters.chronicle.TestRecords.events;
import static io.sluice.adapters.chronicle.TestRecords.ids;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.sluice.application.port.out.BufferBacklogFullException;
import io.sluice.application.port.out.BufferBatch;
import io.sluice.application.port.out.BufferPosition;
import io.sluice.application.port.out.BufferUnavailableException;
import io.sluice.application.port.out.ConsumerGroup;
import io.sluice.application.port.out.ReadBufferPort;
import io.sluice.application.port.out.ReadRecord;
import io.sluice.domain.deadletter.DeadLetter;
import io.sluice.domain.deadletter.DeadLetterReason;
import io.sluice.domain.event.EventDraft;
import io.sluice.domain.event.EventSource;
import io.sluice.domain.metric.MetricLabels;
import io.sluice.domain.metric.MetricName;
import io.sluice.domain.metric.MetricSample;
import io.sluice.application.port.out.BufferedRecord;
import io.sluice.adapters.recordformat.RecordDocument;
import io.sluice.application.port.out.RecordDraft;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import net.openhft.chronicle.bytes.Bytes;
import net.openhft.chronicle.queue.ExcerptAppender;
import net.openhft.chronicle.queue.RollCycle;
import net.openhft.chronicle.queue.impl.single.SingleChronicleQueue;
import net.openhft.chronicle.queue.impl.single.SingleChronicleQueueBuilder;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ChronicleBufferTest {

    private static final ConsumerGroup GROUP = new ConsumerGroup("sluice");
    private static final String STREAM = ChronicleSettings.DEFAULT_STREAM;
    private static final Duration WAIT = Duration.ofSeconds(5);
    /** On a second boundary, so TEST_SECONDLY cycles change exactly when the test advances the clock. */
    private static final Instant START = Instant.parse("2026-03-01T10:00:00Z");

    @TempDir
    Path temp;

    private ChronicleSettings settings() {
        return ChronicleSettings.defaults(temp.resolve("queue"));
    }

    private ChronicleSettings secondly() {
        return settings().withRollCycle("TEST_SECONDLY");
    }

    @Test
    void reads_each_record_of_an_append_back_with_its_own_bytes_and_origin() throws IOException {
        MetricSample sample = new MetricSample("m-1", new MetricName("cpu"), 0.75, TestRecords.AT, TestRecords.AT,
                MetricLabels.of(Map.of("host", "a")));
        DeadLetter letter = new DeadLetter(DeadLetterReason.INVALID, "user_id is missing", "{\"event_type\":\"x\"}".getBytes(StandardCharsets.UTF_8),
                "POST /v1/events", EventSource.NATIVE, "e-9", TestRecords.AT, 1);
        List<BufferedRecord> records = List.of(event("e-1"), new BufferedRecord.MetricRecord(sample), new BufferedRecord.RejectedRecord(letter));

        try (ChronicleBuffer buffer = new ChronicleBuffer(settings(), StoredPositions.none(), GROUP, Clock.systemUTC())) {
            buffer.append(records);
            BufferBatch batch = buffer.reader().poll(WAIT);

            assertThat(batch.records()).hasSize(3);
            EventDraft draft = ((RecordDraft.OfEvent) batch.records().get(0).draft()).draft();
            assertThat(draft.eventId()).isEqualTo("e-1");
            assertThat(draft.userId()).isEqualTo("user-e-1");
            assertThat(draft.eventData()).isEqualTo(Map.of("page", "/home", "n", 3));
            assertThat(draft.durationSeconds()).isEqualTo(1.5);
            assertThat(draft.receivedAt()).isEqualTo(TestRecords.AT);
            assertThat(((RecordDraft.OfMetric) batch.records().get(1).draft()).draft().value()).isEqualTo(0.75);
            assertThat(((RecordDraft.OfDeadLetter) batch.records().get(2).draft()).deadLetter()).isEqualTo(letter);

            ObjectMapper mapper = new ObjectMapper();
            for (int n = 0; n < records.size(); n++) {
                assertThat(new String(batch.records().get(n).raw(), StandardCharsets.UTF_8))
                        .isEqualTo(mapper.writeValueAsString(RecordDocument.toDocument(records.get(n))));
            }
            long index = batch.positionsAfter().get(0).next() - 1;
            assertThat(batch.records()).extracting(ReadRecord::origin)
                    .containsExactly(STREAM + "/" + index + "#0", STREAM + "/" + index + "#1", STREAM + "/" + index + "#2");
            assertThat(batch.positionsAfter()).containsExactly(new BufferPosition(STREAM, 0, index + 1));
            assertThat(buffer.reader().poll(Duration.ofMillis(50)).isEmpty()).isTrue();
        }
    }

    @Test
    void resumes_after_the_stored_position_in_the_next_roll_cycle() {
        SteppingClock clock = new SteppingClock(START);
        ChronicleSettings settings = secondly().withMaxRecordsPerBatch(4);
        long stored;
        try (ChronicleBuffer buffer = new ChronicleBuffer(settings, StoredPositions.none(), GROUP, clock)) {
            appendOneByOne(buffer, "a", 3);
            clock.advance(Duration.ofSeconds(1));
            appendOneByOne(buffer, "b", 3);

            ReadBufferPort reader = buffer.reader();
            BufferBatch first = reader.poll(WAIT);
            assertThat(ids(first)).containsExactly("a-0", "a-1", "a-2", "b-0");
            reader.committed(first);
            stored = first.positionsAfter().get(0).next();
        }

        try (ChronicleBuffer reopened = new ChronicleBuffer(settings, StoredPositions.none().at(STREAM, stored), GROUP, clock)) {
            assertThat(reopened.backlog()).isEqualTo(2);
            assertThat(ids(reopened.reader().poll(WAIT))).containsExactly("b-1", "b-2");
        }
    }

    @Test
    void resumes_in_the_next_roll_cycle_when_the_stored_position_is_the_end_of_a_cycle() {
        SteppingClock clock = new SteppingClock(START);
        ChronicleSettings settings = secondly().withMaxRecordsPerBatch(3);
        long stored;
        RollCycle rollCycle;
        try (ChronicleBuffer buffer = new ChronicleBuffer(settings, StoredPositions.none(), GROUP, clock)) {
            appendOneByOne(buffer, "a", 3);
            clock.advance(Duration.ofSeconds(1));
            appendOneByOne(buffer, "b", 3);

            BufferBatch first = buffer.reader().poll(WAIT);
            assertThat(ids(first)).containsExactly("a-0", "a-1", "a-2");
            stored = first.positionsAfter().get(0).next();
            rollCycle = RollCycleByName.resolve(settings.rollCycle());
        }
        // The stored position is "last entry of the first cycle + 1": an index no entry has.
        assertThat(rollCycle.toSequenceNumber(stored)).isEqualTo(3);

        try (ChronicleBuffer reopened = new ChronicleBuffer(settings, StoredPositions.none().at(STREAM, stored), GROUP, clock)) {
            BufferBatch next = reopened.reader().poll(WAIT);
            assertThat(ids(next)).containsExactly("b-0", "b-1", "b-2");
            assertThat(rollCycle.toCycle(next.positionsAfter().get(0).next())).isEqualTo(rollCycle.toCycle(stored) + 1);
        }
    }

    @Test
    void resumes_from_the_store_position_even_when_the_reader_had_read_further_before_a_crash() {
        long stored;
        try (ChronicleBuffer buffer = new ChronicleBuffer(settings().withMaxRecordsPerBatch(2), StoredPositions.none(), GROUP, Clock.systemUTC())) {
            appendOneByOne(buffer, "e", 5);
            BufferBatch first = buffer.reader().poll(WAIT);
            BufferBatch second = buffer.reader().poll(WAIT);
            assertThat(ids(first)).containsExactly("e-0", "e-1");
            assertThat(ids(second)).containsExactly("e-2", "e-3");
            // The store committed only the first batch before the process died.
            stored = first.positionsAfter().get(0).next();
        }

        try (ChronicleBuffer restarted = new ChronicleBuffer(settings(), StoredPositions.none().at(STREAM, stored), GROUP, Clock.systemUTC())) {
            assertThat(restarted.backlog()).isEqualTo(3);
            assertThat(ids(restarted.reader().poll(WAIT))).containsExactly("e-2", "e-3", "e-4");
        }
    }

    @Test
    void refuses_appends_over_the_backlog_limit_until_the_consumer_commits() {
        ChronicleSettings settings = settings().withMaxBacklogRecords(10);
        long stored;
        try (ChronicleBuffer buffer = new ChronicleBuffer(settings, StoredPositions.none(), GROUP, Clock.systemUTC())) {
            buffer.append(events("a", 4));
            buffer.append(events("b", 4));
            assertThatThrownBy(() -> buffer.append(events("c", 4)))
                    .isInstanceOf(BufferBacklogFullException.class)
                    .satisfies(refused -> assertThat(((BufferBacklogFullException) refused).retryAfter()).isEqualTo(settings.retryAfter()));
            assertThat(buffer.backlog()).isEqualTo(8);
            buffer.append(events("d", 2));
            assertThat(buffer.backlog()).isEqualTo(10);

            ReadBufferPort reader = buffer.reader();
            BufferBatch read = reader.poll(WAIT);
            assertThat(ids(read)).hasSize(10).doesNotContain("c-0");
            // Read but not committed: still backlog.
            assertThatThrownBy(() -> buffer.append(events("e", 1))).isInstanceOf(BufferBacklogFullException.class);

            reader.committed(read);
            assertThat(buffer.backlog()).isZero();
            buffer.append(events("f", 4));
            assertThat(buffer.backlog()).isEqualTo(4);
            stored = read.positionsAfter().get(0).next();
        }

        try (ChronicleBuffer reopened = new ChronicleBuffer(settings, StoredPositions.none().at(STREAM, stored), GROUP, Clock.systemUTC())) {
            assertThat(reopened.backlog()).isEqualTo(4);
            assertThatThrownBy(() -> reopened.append(events("g", 7))).isInstanceOf(BufferBacklogFullException.class);
            reopened.append(events("g", 6));
        }
        try (ChronicleBuffer neverCommitted = new ChronicleBuffer(settings, StoredPositions.none(), GROUP, Clock.systemUTC())) {
            assertThat(neverCommitted.backlog()).isEqualTo(20);
        }
    }

    @Test
    void committing_a_later_batch_also_commits_the_batches_polled_before_it() {
        try (ChronicleBuffer buffer = new ChronicleBuffer(settings().withMaxRecordsPerBatch(3), StoredPositions.none(), GROUP, Clock.systemUTC())) {
            buffer.append(events("a", 3));
            buffer.append(events("b", 3));
            buffer.append(events("c", 3));
            ReadBufferPort reader = buffer.reader();
            reader.poll(WAIT);
            BufferBatch second = reader.poll(WAIT);
            assertThat(ids(second)).containsExactly("b-0", "b-1", "b-2");

            reader.committed(second);
            assertThat(buffer.backlog()).isEqualTo(3);
        }
    }

    @Test
    void a_rewind_hands_the_uncommitted_batches_out_again_and_the_backlog_counts_them_once() {
        try (ChronicleBuffer buffer = new ChronicleBuffer(settings().withMaxRecordsPerBatch(3), StoredPositions.none(), GROUP, Clock.systemUTC())) {
            buffer.append(events("a", 3));
            buffer.append(events("b", 3));
            buffer.append(events("c", 3));
            ReadBufferPort reader = buffer.reader();
            reader.rewindToCommitted(); // before the first poll: nothing to forget

            BufferBatch a = reader.poll(WAIT);
            assertThat(ids(a)).containsExactly("a-0", "a-1", "a-2");
            reader.rewindToCommitted();
            BufferBatch aAgain = reader.poll(WAIT);
            assertThat(ids(aAgain)).containsExactly("a-0", "a-1", "a-2");
            assertThat(aAgain.positionsAfter()).isEqualTo(a.positionsAfter());
            assertThat(buffer.backlog()).isEqualTo(9);

            reader.committed(aAgain);
            assertThat(buffer.backlog()).isEqualTo(6);
            BufferBatch b = reader.poll(WAIT);
            assertThat(ids(b)).containsExactly("b-0", "b-1", "b-2");
            assertThat(ids(reader.poll(WAIT))).containsExactly("c-0", "c-1", "c-2");
            reader.rewindToCommitted();

            BufferBatch bAgain = reader.poll(WAIT);
            assertThat(ids(bAgain)).as("B again, not C").containsExactly("b-0", "b-1", "b-2");
            assertThat(bAgain.positionsAfter()).isEqualTo(b.positionsAfter());
            reader.committed(bAgain);
            assertThat(buffer.backlog()).isEqualTo(3);
            BufferBatch cAgain = reader.poll(WAIT);
            assertThat(ids(cAgain)).containsExactly("c-0", "c-1", "c-2");
            // Room for the next append, so that releasing C's weight twice would show (the count stops at zero).
            buffer.append(events("d", 3));
            reader.committed(cAgain);
            assertThat(buffer.backlog()).isEqualTo(3);
            assertThat(ids(reader.poll(WAIT))).containsExactly("d-0", "d-1", "d-2");
        }
    }

    @Test
    void a_rewind_goes_back_to_the_resume_position_or_the_last_commit_across_roll_cycles() {
        SteppingClock clock = new SteppingClock(START);
        ChronicleSettings settings = secondly().withMaxRecordsPerBatch(3);
        long endOfFirstCycle;
        try (ChronicleBuffer buffer = new ChronicleBuffer(settings, StoredPositions.none(), GROUP, clock)) {
            appendOneByOne(buffer, "a", 3);
            clock.advance(Duration.ofSeconds(1));
            appendOneByOne(buffer, "b", 3);
            ReadBufferPort reader = buffer.reader();

            BufferBatch a = reader.poll(WAIT);
            reader.rewindToCommitted();
            assertThat(ids(reader.poll(WAIT))).containsExactly("a-0", "a-1", "a-2");
            reader.committed(a);
            // "Last entry of the first cycle + 1": an index no entry has.
            endOfFirstCycle = a.positionsAfter().get(0).next();
            assertThat(ids(reader.poll(WAIT))).containsExactly("b-0", "b-1", "b-2");
            reader.rewindToCommitted();
            assertThat(ids(reader.poll(WAIT))).containsExactly("b-0", "b-1", "b-2");
            assertThat(buffer.backlog()).isEqualTo(3);
        }

        try (ChronicleBuffer reopened = new ChronicleBuffer(settings, StoredPositions.none().at(STREAM, endOfFirstCycle), GROUP, clock)) {
            ReadBufferPort reader = reopened.reader();
            assertThat(ids(reader.poll(WAIT))).containsExactly("b-0", "b-1", "b-2");
            reader.rewindToCommitted();
            assertThat(ids(reader.poll(WAIT))).as("back to the stored position, not to the start").containsExactly("b-0", "b-1", "b-2");
            assertThat(reopened.backlog()).isEqualTo(3);
        }
    }

    @Test
    void deletes_consumed_cycle_files_older_than_the_retention_and_never_an_unconsumed_one() throws IOException {
        SteppingClock clock = new SteppingClock(START);
        ChronicleSettings settings = secondly().withMaxRecordsPerBatch(2).withRetention(Duration.ofSeconds(10), Duration.ofHours(1));
        long stored;
        try (ChronicleBuffer buffer = new ChronicleBuffer(settings, StoredPositions.none(), GROUP, clock)) {
            for (int cycle = 0; cycle < 4; cycle++) {
                buffer.append(List.of(event("c" + cycle)));
                clock.advance(Duration.ofSeconds(1));
            }
            assertThat(cycleFiles()).hasSize(4);
            clock.advance(Duration.ofMinutes(1));
            assertThat(buffer.sweepConsumedCycles()).as("nothing committed yet").isZero();

            ReadBufferPort reader = buffer.reader();
            BufferBatch first = reader.poll(WAIT);
            assertThat(ids(first)).containsExactly("c0", "c1");
            reader.committed(first);
            List<Path> before = cycleFiles();
            assertThat(buffer.sweepConsumedCycles()).as("only the wholly consumed first cycle").isEqualTo(1);
            assertThat(cycleFiles()).containsExactlyElementsOf(before.subList(1, 4));

            BufferBatch second = reader.poll(WAIT);
            assertThat(ids(second)).containsExactly("c2", "c3");
            reader.committed(second);
            assertThat(buffer.sweepConsumedCycles()).as("cycles 1 and 2; cycle 3 holds the last consumed entry").isEqualTo(2);
            assertThat(cycleFiles()).containsExactly(before.get(3));

            buffer.append(List.of(event("later")));
            stored = second.positionsAfter().get(0).next();
        }
        try (ChronicleBuffer reopened = new ChronicleBuffer(settings, StoredPositions.none().at(STREAM, stored), GROUP, clock)) {
            assertThat(ids(reopened.reader().poll(WAIT))).containsExactly("later");
        }
    }

    @Test
    void keeps_consumed_cycle_files_younger_than_the_retention() throws IOException {
        SteppingClock clock = new SteppingClock(START);
        ChronicleSettings settings = secondly().withRetention(Duration.ofSeconds(30), Duration.ofHours(1));
        try (ChronicleBuffer buffer = new ChronicleBuffer(settings, StoredPositions.none(), GROUP, clock)) {
            buffer.append(List.of(event("old")));
            clock.advance(Duration.ofSeconds(1));
            buffer.append(List.of(event("new")));
            ReadBufferPort reader = buffer.reader();
            reader.committed(reader.poll(WAIT));
            clock.advance(Duration.ofSeconds(20));

            assertThat(buffer.sweepConsumedCycles()).isZero();
            assertThat(cycleFiles()).hasSize(2);
        }
    }

    @Test
    void another_consumer_thread_can_take_over_the_reader() throws Exception {
        try (ChronicleBuffer buffer = new ChronicleBuffer(settings(), StoredPositions.none(), GROUP, Clock.systemUTC())) {
            appendOneByOne(buffer, "e", 2);
            ReadBufferPort reader = buffer.reader();
            BufferBatch first = reader.poll(WAIT);
            reader.committed(first);
            buffer.append(events("later", 1));

            java.util.concurrent.FutureTask<BufferBatch> elsewhere = new java.util.concurrent.FutureTask<>(() -> reader.poll(WAIT));
            Thread thread = new Thread(elsewhere, "restarted-consumer");
            thread.start();

            assertThat(ids(first)).containsExactly("e-0", "e-1");
            assertThat(ids(elsewhere.get(30, java.util.concurrent.TimeUnit.SECONDS))).containsExactly("later-0");
        }
    }

    @Test
    void a_closed_buffer_refuses_as_unavailable() {
        ChronicleBuffer buffer = new ChronicleBuffer(settings(), StoredPositions.none(), GROUP, Clock.systemUTC());
        buffer.append(events("a", 1));
        buffer.close();

        assertThatThrownBy(() -> buffer.append(events("b", 1)))
                .isInstanceOf(BufferUnavailableException.class)
                .satisfies(refused -> assertThat(((BufferUnavailableException) refused).retryAfter()).isPositive());
        assertThatThrownBy(() -> buffer.reader().poll(Duration.ofMillis(10))).isInstanceOf(BufferUnavailableException.class);
        assertThat(buffer.backlog()).isEqualTo(-1);
        buffer.close();
    }

    @Test
    void an_entry_that_cannot_be_decoded_becomes_unreadable_records_and_reading_goes_on() {
        try (ChronicleBuffer buffer = new ChronicleBuffer(settings(), StoredPositions.none(), GROUP, Clock.systemUTC())) {
            buffer.append(events("before", 1));
            try (SingleChronicleQueue foreign = SingleChronicleQueueBuilder.binary(settings().directory())
                    .rollCycle(RollCycleByName.resolve(settings().rollCycle())).build();
                 ExcerptAppender raw = foreign.createAppender()) {
                raw.writeBytes(Bytes.from("not a sluice entry"));
                raw.writeBytes(entry(EntryCodec.MAGIC, 2, "[{\"v\":1,\"kind\":\"event\""));
                raw.writeBytes(entry(EntryCodec.MAGIC, 2, "[42,{\"v\":7}]"));
            }
            buffer.append(events("after", 1));

            BufferBatch batch = buffer.reader().poll(WAIT);

            assertThat(ids(batch)).containsExactly("before-0", "<unreadable>", "<unreadable>", "<unreadable>", "<unreadable>", "after-0");
            List<ReadRecord> records = batch.records();
            assertThat(new String(records.get(1).raw(), StandardCharsets.UTF_8)).isEqualTo("not a sluice entry");
            assertThat(((RecordDraft.Unreadable) records.get(2).draft()).reason()).startsWith("entry body is not a JSON array");
            assertThat(new String(records.get(3).raw(), StandardCharsets.UTF_8)).isEqualTo("42");
            assertThat(((RecordDraft.Unreadable) records.get(4).draft()).reason()).contains("unsupported envelope version 7");
            assertThat(records.get(4).origin()).endsWith("#1");
            // Entries another process wrote never took backlog room; consuming them cannot push the count below zero.
            buffer.reader().committed(batch);
            assertThat(buffer.backlog()).isZero();
        }
    }

    private static Bytes<?> entry(int magic, int count, String body) {
        Bytes<?> bytes = Bytes.allocateElasticOnHeap();
        bytes.writeInt(magic);
        bytes.writeInt(count);
        bytes.write(body.getBytes(StandardCharsets.UTF_8));
        return bytes;
    }

    private static void appendOneByOne(ChronicleBuffer buffer, String prefix, int count) {
        for (int i = 0; i < count; i++) {
            buffer.append(List.of(event(prefix + "-" + i)));
        }
    }

    private List<Path> cycleFiles() throws IOException {
        try (Stream<Path> files = Files.list(settings().directory())) {
            return files.filter(file -> file.getFileName().toString().endsWith(SingleChronicleQueue.SUFFIX)).sorted().toList();
        }
    }
}
