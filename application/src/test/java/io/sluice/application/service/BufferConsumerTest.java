package io.sluice.application.service;

import static io.sluice.application.service.Fixtures.CLOCK;
import static io.sluice.application.service.Fixtures.bytes;
import static io.sluice.application.service.Fixtures.eventDraft;
import static io.sluice.application.service.Fixtures.parsed;
import static io.sluice.application.service.Fixtures.seedThreeEvent;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.sluice.application.fakes.InMemoryBuffer;
import io.sluice.application.fakes.InMemoryStore;
import io.sluice.application.fakes.RecordingPause;
import io.sluice.application.port.in.ConsumeReport;
import io.sluice.application.port.in.IngestEventsCommand;
import io.sluice.application.port.in.StoredDeadLetter;
import io.sluice.application.port.out.BufferUnavailableException;
import io.sluice.application.port.out.ConsumerGroup;
import io.sluice.application.port.out.ObservePipelinePort;
import io.sluice.application.port.out.ReadRecord;
import io.sluice.application.port.out.StorableBatch;
import io.sluice.application.port.out.StoreBatchPort;
import io.sluice.application.port.out.StoreRejectedException;
import io.sluice.application.port.out.StoreReport;
import io.sluice.domain.aggregate.AggregateKey;
import io.sluice.domain.aggregate.Granularity;
import io.sluice.domain.deadletter.DeadLetterKey;
import io.sluice.domain.deadletter.DeadLetterPolicy;
import io.sluice.domain.deadletter.DeadLetterReason;
import io.sluice.domain.deadletter.FailureKind;
import io.sluice.domain.event.Event;
import io.sluice.domain.event.EventId;
import io.sluice.domain.event.EventSource;
import io.sluice.domain.event.EventType;
import io.sluice.application.port.out.BufferedRecord;
import io.sluice.application.port.out.RecordDraft;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

class BufferConsumerTest {

    private static final ConsumerGroup GROUP = new ConsumerGroup("sluice");
    private static final Duration WAIT = Duration.ofMillis(10);

    private final DeadLetterPolicy policy = new DeadLetterPolicy(5, Duration.ofMillis(100), Duration.ofSeconds(30));
    private final InMemoryBuffer buffer = new InMemoryBuffer();
    private final InMemoryStore store = new InMemoryStore();
    private final RecordingPause pause = new RecordingPause();
    private final Fixtures.RecordingObserver observer = new Fixtures.RecordingObserver();
    private final BufferConsumer consumer = consumerOf(store);
    private final IngestService ingest = new IngestService(buffer, CLOCK, new SplittableRandom(9), ObservePipelinePort.NONE);

    private BufferConsumer consumerOf(StoreBatchPort port) {
        return new BufferConsumer(buffer, port, GROUP, policy, CLOCK, new SplittableRandom(11), pause, observer);
    }

    private void ingestEvents(Object... idTypeUser) {
        List<io.sluice.application.port.in.Incoming<io.sluice.domain.event.EventDraft>> items = new ArrayList<>();
        for (int i = 0; i < idTypeUser.length; i += 3) {
            items.add(parsed(eventDraft(idTypeUser[i], idTypeUser[i + 1], idTypeUser[i + 2], null)));
        }
        ingest.ingest(new IngestEventsCommand(items, EventSource.NATIVE, "native", "POST /v1/events"));
    }

    @Test
    void anEmptyPollStoresNothing() throws InterruptedException {
        assertThat(consumer.consumeNextBatch(WAIT)).isEqualTo(ConsumeReport.IDLE);
        assertThat(store.storeCalls()).isEmpty();
    }

    @Test
    void ingestedEventsAreStoredAsAcceptedWithTheirPositions() throws InterruptedException {
        ingestEvents("a", "page_view", "u1", "b", "click", 7);

        ConsumeReport report = consumer.consumeNextBatch(WAIT);

        assertThat(report).isEqualTo(new ConsumeReport(2, 2, 0, 0, 0, 1));
        assertThat(store.storedEvents()).containsExactlyElementsOf(buffer.appended().stream()
                .map(r -> ((BufferedRecord.EventRecord) r).event()).toList());
        assertThat(store.load(GROUP, InMemoryBuffer.STREAM)).isEqualTo(Map.of(0, 2L));
        assertThat(buffer.committedBatches()).hasSize(1);
        assertThat(buffer.backlog()).isZero();
        assertThat(observer.calls).containsExactly("stored 2");
        assertThat(consumer.consumeNextBatch(WAIT)).isEqualTo(ConsumeReport.IDLE);
    }

    @Test
    void aRecordWhosePreparationThrowsBecomesADeadLetterAndTheBatchIsStored() throws InterruptedException {
        ingestEvents("a", "page_view", "u1");
        // Decoders produce JDK types only; a Number that throws stands in for any bug met while preparing.
        Number broken = new Number() {
            @Override public int intValue() { throw new IllegalStateException("broken number"); }
            @Override public long longValue() { throw new IllegalStateException("broken number"); }
            @Override public float floatValue() { throw new IllegalStateException("broken number"); }
            @Override public double doubleValue() { throw new IllegalStateException("broken number"); }
            @Override public String toString() { throw new IllegalStateException("broken number"); }
        };
        buffer.appendDraft(new RecordDraft.OfEvent(eventDraft("bug-1", "purchase", "u2", Map.of("amount", broken))),
                bytes("{\"event_id\":\"bug-1\"}"));
        ingestEvents("b", "click", "u3");

        ConsumeReport report = consumer.consumeNextBatch(WAIT);

        assertThat(report.records()).isEqualTo(3);
        assertThat(store.storedEvents()).extracting(e -> e.id().value()).containsExactly("a", "b");
        assertThat(store.deadLetters()).singleElement().satisfies(stored -> {
            assertThat(stored.letter().reason()).isEqualTo(DeadLetterReason.MALFORMED);
            assertThat(stored.letter().detail()).startsWith("the consumer could not prepare this record (a Sluice bug: ");
            assertThat(stored.letter().payload()).isEqualTo(bytes("{\"event_id\":\"bug-1\"}"));
        });
        assertThat(buffer.committedBatches()).hasSize(1);
    }

    @Test
    void everyRecordIsValidatedAgainBecauseForeignProducersNeverPassedIngress() throws InterruptedException {
        buffer.appendForeign(seedThreeEvent("page_view_1705312800000_1234", "page_view", "user_42", Map.of("page_url", "/")));
        Map<String, Object> noType = seedThreeEvent("evt-x", "t", "user_42", Map.of());
        noType.remove("event_type");
        buffer.appendForeign(noType);
        buffer.appendUnreadable(bytes("\u0000\u0001garbage"), "not JSON");

        ConsumeReport report = consumer.consumeNextBatch(WAIT);

        assertThat(report).isEqualTo(new ConsumeReport(3, 1, 0, 0, 2, 1));
        Event stored = store.storedEvents().get(0);
        assertThat(stored.id().value()).isEqualTo("page_view_1705312800000_1234");
        assertThat(stored.source()).isEqualTo(EventSource.FOREIGN_PRODUCER);
        assertThat(stored.timestamp()).isEqualTo(Instant.parse("2024-01-15T09:30:00Z"));
        assertThat(stored.durationSeconds()).isEqualTo(2.5);

        List<StoredDeadLetter> letters = store.deadLetters();
        assertThat(letters).hasSize(2);
        assertThat(letters.get(0).letter().reason()).isEqualTo(DeadLetterReason.INVALID);
        assertThat(letters.get(0).letter().detail()).isEqualTo("event_type: is required");
        assertThat(letters.get(0).letter().eventId()).isEqualTo("evt-x");
        assertThat(letters.get(0).letter().origin()).isEqualTo("memory/0@1");
        assertThat(letters.get(0).letter().payload()).isEqualTo(bytes(noType.toString()));
        assertThat(letters.get(1).letter().reason()).isEqualTo(DeadLetterReason.MALFORMED);
        assertThat(letters.get(1).letter().payload()).isEqualTo(bytes("\u0000\u0001garbage"));
    }

    @Test
    void ingressDeadLettersAreStoredWithTheBatch() throws InterruptedException {
        ingestEvents("ok", "t", "u", "bad", "t", null);

        assertThat(consumer.consumeNextBatch(WAIT)).isEqualTo(new ConsumeReport(2, 1, 0, 0, 1, 1));
        assertThat(store.deadLetters()).singleElement().satisfies(d -> {
            assertThat(d.letter().eventId()).isEqualTo("bad");
            assertThat(d.letter().origin()).isEqualTo("POST /v1/events");
        });
    }

    @Test
    void duplicatesWithinABatchAreStoredOnceTheFirstWinning() throws InterruptedException {
        ingestEvents("dup", "page_view", "first", "dup", "page_view", "second", "other", "page_view", "u");

        ConsumeReport report = consumer.consumeNextBatch(WAIT);

        assertThat(report.eventsStored()).isEqualTo(2);
        assertThat(report.duplicates()).isEqualTo(1);
        assertThat(store.storeCalls().get(0).events()).extracting(e -> e.id().value()).containsExactly("dup", "other");
        assertThat(store.findById(new EventId("dup")).orElseThrow().event().user().value()).isEqualTo("first");
    }

    @Test
    void duplicatesAcrossBatchesAreStoredAndCountedOnce() throws InterruptedException {
        ingestEvents("dup", "page_view", "u1");
        consumer.consumeNextBatch(WAIT);
        ingestEvents("dup", "page_view", "u2", "new", "page_view", "u3");

        ConsumeReport report = consumer.consumeNextBatch(WAIT);

        assertThat(report.eventsStored()).isEqualTo(1);
        assertThat(report.duplicates()).isEqualTo(1);
        assertThat(store.storedEvents()).extracting(e -> e.id().value()).containsExactly("dup", "new");
        var hour = store.ledger().totals(new AggregateKey(Granularity.HOUR, Instant.parse("2024-01-15T10:00:00Z"),
                new EventType("page_view"))).orElseThrow();
        assertThat(hour.totalEvents()).isEqualTo(2);
        assertThat(hour.uniqueUsers()).isEqualTo(2);
    }

    @Test
    void aForeignRecordWithoutAnIdBecomesTheSameEventEachTimeItIsRead() throws InterruptedException {
        buffer.appendForeign(seedThreeEvent(null, "page_view", "u1", Map.of()));
        buffer.appendForeign(Map.of("name", "cpu", "value", 3.5));
        consumer.consumeNextBatch(WAIT);

        buffer.seek(0); // read again, as a consumer that lost its partition while still working would
        ConsumeReport again = consumer.consumeNextBatch(WAIT);

        assertThat(store.storedEvents()).hasSize(1);
        assertThat(store.storedSamples()).hasSize(1);
        assertThat(again.eventsStored()).isZero();
        assertThat(again.duplicates()).isEqualTo(1);
        assertThat(again.samplesStored()).isZero();
    }

    @Test
    void purchasesAreEnriched() throws InterruptedException {
        ingest.ingest(new IngestEventsCommand(List.of(
                parsed(eventDraft("big", "purchase", "u", Map.of("amount", 150))),
                parsed(eventDraft("small", "purchase", "u", Map.of("amount", "99.99"))),
                parsed(eventDraft("view", "page_view", "u", Map.of("amount", 500)))), EventSource.NATIVE, "native", "o"));

        consumer.consumeNextBatch(WAIT);

        assertThat(store.findById(new EventId("big")).orElseThrow().event().properties().get("is_high_value")).isEqualTo(true);
        assertThat(store.findById(new EventId("small")).orElseThrow().event().properties().get("is_high_value")).isEqualTo(false);
        assertThat(store.findById(new EventId("view")).orElseThrow().event().properties().asMap()).doesNotContainKey("is_high_value");
    }

    @Test
    void metricSamplesAreStoredOnceById() throws InterruptedException {
        ingest.ingest(new io.sluice.application.port.in.IngestMetricsCommand(List.of(Fixtures.parsedMetric("cpu", 1),
                Fixtures.parsedMetric("cpu", 3)), EventSource.NATIVE, "metrics", "o"));

        assertThat(consumer.consumeNextBatch(WAIT).samplesStored()).isEqualTo(2);
        buffer.seek(0);
        assertThat(consumer.consumeNextBatch(WAIT).samplesStored()).isZero();
        assertThat(store.storedSamples()).hasSize(2);
    }

    @Test
    void anUnavailableStoreIsRetriedWithGrowingPausesAndTheBatchCommittedOnce() throws InterruptedException {
        ingestEvents("a", "t", "u");
        store.unavailableFor(3);

        ConsumeReport report = consumer.consumeNextBatch(WAIT);

        assertThat(report.attempts()).isEqualTo(4);
        assertThat(report.eventsStored()).isEqualTo(1);
        assertThat(store.commits()).isEqualTo(1);
        assertThat(store.storeCalls()).extracting(StorableBatch::attempts).containsExactly(1, 2, 3, 4);
        assertThat(store.storeCalls()).extracting(StorableBatch::isolatePoison).containsOnly(false);
        assertThat(buffer.committedBatches()).hasSize(1);
        List<Duration> pauses = pause.pauses();
        assertThat(pauses).hasSize(3).isSorted();
        assertThat(pauses.get(0)).isBetween(Duration.ofMillis(50), Duration.ofMillis(100));
        assertThat(pauses.get(1)).isBetween(Duration.ofMillis(100), Duration.ofMillis(200));
        assertThat(pauses.get(2)).isBetween(Duration.ofMillis(200), Duration.ofMillis(400));
        assertThat(observer.calls).containsExactly("failed STORE_UNAVAILABLE 1", "failed STORE_UNAVAILABLE 2",
                "failed STORE_UNAVAILABLE 3", "stored 1");
    }

    @Test
    void pausesAreCappedAndTheOutageIsWaitedOutHoweverLong() throws InterruptedException {
        ingestEvents("a", "t", "u");
        store.unavailableFor(40);

        assertThat(consumer.consumeNextBatch(WAIT).attempts()).isEqualTo(41);

        assertThat(pause.pauses()).hasSize(40).allSatisfy(p -> assertThat(p).isLessThanOrEqualTo(policy.maxBackoff()));
        assertThat(pause.pauses().subList(20, 40)).allSatisfy(p -> assertThat(p).isGreaterThanOrEqualTo(Duration.ofSeconds(15)));
        assertThat(store.storedEvents()).hasSize(1);
    }

    @Test
    void aRefusedBatchIsRetriedMaxAttemptsTimesThenStoredIsolatingItsPoison() throws InterruptedException {
        ingestEvents("good", "t", "u", "poison", "t", "u", "fine", "t", "u");
        store.reject(new EventId("poison"));

        ConsumeReport report = consumer.consumeNextBatch(WAIT);

        List<StorableBatch> calls = store.storeCalls();
        assertThat(calls).hasSize(policy.maxAttempts() + 1);
        assertThat(calls.subList(0, policy.maxAttempts())).extracting(StorableBatch::isolatePoison).containsOnly(false);
        assertThat(calls.get(policy.maxAttempts()).isolatePoison()).isTrue();
        assertThat(calls).extracting(StorableBatch::attempts).containsExactly(1, 2, 3, 4, 5, 6);
        assertThat(pause.pauses()).hasSize(policy.maxAttempts() - 1);
        assertThat(report.eventsStored()).isEqualTo(2);
        assertThat(report.deadLettered()).isEqualTo(1);
        assertThat(store.storedEvents()).extracting(e -> e.id().value()).containsExactly("good", "fine");
        assertThat(store.deadLetters()).singleElement().satisfies(d -> {
            assertThat(d.letter().reason()).isEqualTo(DeadLetterReason.RETRIES_EXHAUSTED);
            assertThat(d.letter().eventId()).isEqualTo("poison");
        });
        assertThat(store.load(GROUP, InMemoryBuffer.STREAM)).isEqualTo(Map.of(0, 3L));
        assertThat(store.commits()).isEqualTo(1);
    }

    /**
     * The store sets poison aside itself; the batch names the record each event and sample came
     * from, so those dead letters get the key the consumer gives its own and a batch read again
     * makes no second one.
     */
    @Test
    void theBatchNamesTheRecordOfEachEventAndSampleForTheKeysOfWhatTheStoreSetsAside() throws InterruptedException {
        ingestEvents("a", "t", "u1", "b", "t", "u2", "a", "t", "u3");
        ingest.ingest(new io.sluice.application.port.in.IngestMetricsCommand(List.of(Fixtures.parsedMetric("cpu", 1)),
                EventSource.NATIVE, "metrics", "o"));

        consumer.consumeNextBatch(WAIT);

        buffer.seek(0);
        List<ReadRecord> read = buffer.poll(WAIT).records();
        StorableBatch stored = store.storeCalls().get(0);
        assertThat(stored.records().ofEvent(new EventId("a"))).as("the first record with the id, as the first occurrence wins")
                .isEqualTo(DeadLetterKey.atBufferPosition(read.get(0).origin(), read.get(0).raw()));
        assertThat(stored.records().ofEvent(new EventId("b"))).isEqualTo(DeadLetterKey.atBufferPosition(read.get(1).origin(),
                read.get(1).raw()));
        assertThat(stored.records().ofSample(stored.samples().get(0).id())).isEqualTo(DeadLetterKey.atBufferPosition(
                read.get(3).origin(), read.get(3).raw()));
        assertThat(stored.records().ofEvent(new EventId("never-read"))).isNull();
    }

    @Test
    void aStoreThatRefusesEvenWhileIsolatingIsNotHammeredWithoutPause() throws InterruptedException {
        ingestEvents("a", "t", "u");
        int[] calls = {0};
        StoreBatchPort stubborn = batch -> {
            if (++calls[0] <= 7) {
                throw new StoreRejectedException("refused (test)", null);
            }
            return new StoreReport(batch.events().size(), 0, 0, 0);
        };

        ConsumeReport report = consumerOf(stubborn).consumeNextBatch(WAIT);

        assertThat(report.attempts()).isEqualTo(8);
        // 4 pauses before isolating, none when switching to isolation, then one after each refusal while isolating.
        assertThat(pause.pauses()).hasSize(4 + 2);
    }

    @Test
    void anInterruptDuringAPauseLeavesTheBatchUncommitted() {
        ingestEvents("a", "t", "u");
        store.unavailableFor(5);
        pause.interruptOnPause(2);

        assertThatThrownBy(() -> consumer.consumeNextBatch(WAIT)).isInstanceOf(InterruptedException.class);

        assertThat(store.commits()).isZero();
        assertThat(store.storedEvents()).isEmpty();
        assertThat(store.load(GROUP, InMemoryBuffer.STREAM)).isEmpty();
        assertThat(buffer.committedBatches()).isEmpty();
        assertThat(buffer.rewinds()).isEqualTo(1);
        assertThat(store.storeCalls()).hasSize(2);
    }

    @Test
    void anErrorWhileStoringRewindsTheReaderAndTheNextCycleStoresTheSameRecords() throws InterruptedException {
        buffer.maxBatch(2);
        ingestEvents("a", "t", "u1", "b", "t", "u2", "c", "t", "u3", "d", "t", "u4");
        int[] calls = {0};
        StoreBatchPort overflowingOnce = batch -> {
            if (++calls[0] == 1) {
                throw new StackOverflowError("deep recursion (test)");
            }
            return store.store(batch);
        };
        BufferConsumer failingOnce = consumerOf(overflowingOnce);

        assertThatThrownBy(() -> failingOnce.consumeNextBatch(WAIT)).isInstanceOf(StackOverflowError.class);
        assertThat(buffer.committedBatches()).isEmpty();

        assertThat(failingOnce.consumeNextBatch(WAIT).eventsStored()).isEqualTo(2);
        assertThat(store.storedEvents()).as("the failed batch, not the one after it").extracting(e -> e.id().value())
                .containsExactly("a", "b");
        failingOnce.consumeNextBatch(WAIT);
        assertThat(store.storedEvents()).extracting(e -> e.id().value()).containsExactly("a", "b", "c", "d");
        assertThat(store.load(GROUP, InMemoryBuffer.STREAM)).isEqualTo(Map.of(0, 4L));
        assertThat(buffer.rewinds()).isEqualTo(1);
    }

    @Test
    void aBugInTheRetryPathRewindsTheReaderAndTheNextCycleStoresTheSameRecords() throws InterruptedException {
        buffer.maxBatch(2);
        ingestEvents("a", "t", "u1", "b", "t", "u2", "c", "t", "u3");
        store.unavailableFor(1);
        ObservePipelinePort broken = new ObservePipelinePort() {
            @Override
            public void storeFailed(FailureKind kind, int attempt) {
                throw new IllegalStateException("metrics registry broken (test)");
            }
        };
        BufferConsumer consumer = new BufferConsumer(buffer, store, GROUP, policy, CLOCK, new SplittableRandom(11), pause, broken);

        assertThatThrownBy(() -> consumer.consumeNextBatch(WAIT)).isInstanceOf(IllegalStateException.class);
        assertThat(buffer.rewinds()).isEqualTo(1);
        assertThat(store.commits()).isZero();

        ConsumeReport retried = consumer.consumeNextBatch(WAIT);

        assertThat(retried.records()).isEqualTo(2);
        assertThat(store.storedEvents()).extracting(e -> e.id().value()).containsExactly("a", "b");
        consumer.consumeNextBatch(WAIT);
        assertThat(store.storedEvents()).extracting(e -> e.id().value()).containsExactly("a", "b", "c");
    }

    @Test
    void aFailureAfterTheStoreCommittedDoesNotReadTheBatchAgain() throws InterruptedException {
        buffer.maxBatch(2);
        ingestEvents("a", "t", "u1", "bad", "t", null, "c", "t", "u3");
        ObservePipelinePort broken = new ObservePipelinePort() {
            @Override
            public void batchStored(StoreReport report, int records, Map<DeadLetterReason, Integer> deadLetters, Duration storeTook,
                                    Duration took) {
                throw new IllegalStateException("metrics registry broken (test)");
            }
        };
        BufferConsumer consumer = new BufferConsumer(buffer, store, GROUP, policy, CLOCK, new SplittableRandom(11), pause, broken);

        assertThatThrownBy(() -> consumer.consumeNextBatch(WAIT)).isInstanceOf(IllegalStateException.class);
        assertThatThrownBy(() -> consumer.consumeNextBatch(WAIT)).isInstanceOf(IllegalStateException.class);

        // Reading the stored batch again would have stored its dead letter twice.
        assertThat(buffer.rewinds()).isZero();
        assertThat(store.storedEvents()).extracting(e -> e.id().value()).containsExactly("a", "c");
        assertThat(store.deadLetters()).singleElement().satisfies(d -> assertThat(d.letter().eventId()).isEqualTo("bad"));
        assertThat(store.load(GROUP, InMemoryBuffer.STREAM)).isEqualTo(Map.of(0, 3L));
    }

    @Test
    void aRewindThatFailsIsOwedAndDoneBeforeTheNextPoll() throws InterruptedException {
        buffer.maxBatch(2);
        ingestEvents("a", "t", "u1", "b", "t", "u2", "c", "t", "u3");
        buffer.failRewinds(2);
        int[] calls = {0};
        StoreBatchPort failingOnce = batch -> {
            if (++calls[0] == 1) {
                throw new AssertionError("a broken invariant (test)");
            }
            return store.store(batch);
        };
        BufferConsumer consumer = consumerOf(failingOnce);

        assertThatThrownBy(() -> consumer.consumeNextBatch(WAIT)).isInstanceOf(AssertionError.class)
                .satisfies(failed -> assertThat(failed.getSuppressed()).singleElement()
                        .isInstanceOf(BufferUnavailableException.class));
        assertThatThrownBy(() -> consumer.consumeNextBatch(WAIT)).as("still owed: no poll past the batch")
                .isInstanceOf(BufferUnavailableException.class);
        assertThat(calls[0]).isEqualTo(1);

        consumer.consumeNextBatch(WAIT);
        consumer.consumeNextBatch(WAIT);

        assertThat(buffer.rewinds()).isEqualTo(1);
        assertThat(store.storedEvents()).extracting(e -> e.id().value()).containsExactly("a", "b", "c");
    }

    @Test
    void afterARestartTheUncommittedBatchIsReadAgainAndStoredOnce() throws InterruptedException {
        ingestEvents("a", "t", "u", "b", "t", "u");
        store.unavailableFor(1);
        pause.interruptOnPause(1);
        assertThatThrownBy(() -> consumer.consumeNextBatch(WAIT)).isInstanceOf(InterruptedException.class);

        buffer.seek(store.load(GROUP, InMemoryBuffer.STREAM).getOrDefault(0, 0L));
        ConsumeReport report = consumerOf(store).consumeNextBatch(WAIT);

        assertThat(report.eventsStored()).isEqualTo(2);
        assertThat(store.storedEvents()).hasSize(2);
    }
}
