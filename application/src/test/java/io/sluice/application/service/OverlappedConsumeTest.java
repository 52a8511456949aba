package io.sluice.application.service;

import static io.sluice.application.service.Fixtures.CLOCK;
import static io.sluice.application.service.Fixtures.eventDraft;
import static io.sluice.application.service.Fixtures.parsed;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.sluice.application.fakes.InMemoryBuffer;
import io.sluice.application.fakes.InMemoryStore;
import io.sluice.application.fakes.RecordingPause;
import io.sluice.application.port.in.ConsumeReport;
import io.sluice.application.port.in.IngestEventsCommand;
import io.sluice.application.port.in.Incoming;
import io.sluice.application.port.in.RouteFamily;
import io.sluice.application.port.out.BufferBatch;
import io.sluice.application.port.out.BufferUnavailableException;
import io.sluice.application.port.out.ConsumerGroup;
import io.sluice.application.port.out.ObservePipelinePort;
import io.sluice.application.port.out.PendingStore;
import io.sluice.application.port.out.ReadBufferPort;
import io.sluice.application.port.out.StorableBatch;
import io.sluice.application.port.out.StoreBatchPort;
import io.sluice.application.port.out.StoreException;
import io.sluice.application.port.out.StoreReport;
import io.sluice.application.port.out.StoreUnavailableException;
import io.sluice.domain.aggregate.AggregateKey;
import io.sluice.domain.aggregate.Granularity;
import io.sluice.domain.deadletter.DeadLetterPolicy;
import io.sluice.domain.deadletter.DeadLetterReason;
import io.sluice.domain.event.EventDraft;
import io.sluice.domain.event.EventId;
import io.sluice.domain.event.EventSource;
import io.sluice.domain.event.EventType;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.SplittableRandom;
import java.util.function.Supplier;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;

/**
 * The consumer reads and prepares its next batch while the store still writes the previous one
 * ({@code StoreBatchPort.storeAfter}) when the reader allows it, and a batch that fails there is
 * read again and stored alone, through the retries.
 */
class OverlappedConsumeTest {

    private static final ConsumerGroup GROUP = new ConsumerGroup("sluice");
    private static final Duration WAIT = Duration.ofMillis(10);

    private final DeadLetterPolicy policy = new DeadLetterPolicy(5, Duration.ofMillis(100), Duration.ofSeconds(30));
    private final InMemoryBuffer buffer = new InMemoryBuffer().allowingPendingBatches().maxBatch(2);
    private final InMemoryStore store = new InMemoryStore();
    private final DeferredStore deferred = new DeferredStore();
    private final Fixtures.RecordingObserver observer = new Fixtures.RecordingObserver();
    private final IngestService ingest = new IngestService(buffer, CLOCK, new SplittableRandom(9), ObservePipelinePort.NONE);

    private BufferConsumer consumerOf(ReadBufferPort reader) {
        return new BufferConsumer(reader, deferred, GROUP, policy, CLOCK, new SplittableRandom(11), new RecordingPause(), observer);
    }

    private void ingestEvents(String... ids) {
        List<Incoming<EventDraft>> items = new ArrayList<>();
        for (String id : ids) {
            items.add(parsed(eventDraft(id, "page_view", "u-" + id, null)));
        }
        ingest.ingest(new IngestEventsCommand(items, EventSource.NATIVE, RouteFamily.NATIVE, "POST /v1/events"));
    }

    private List<String> storedIds() {
        return store.storedEvents().stream().map(e -> e.id().value()).toList();
    }

    @Test
    void theNextBatchIsReadPreparedAndHandedToTheStoreBeforeThePreviousOneCommits() throws InterruptedException {
        ingestEvents("a", "b", "c", "d", "e", "f");

        ConsumeReport report = consumerOf(buffer).consumeNextBatch(WAIT);

        assertThat(deferred.log).containsExactly("submit a b", "submit c d", "outcome a b", "submit e f", "outcome c d", "outcome e f");
        assertThat(report).isEqualTo(new ConsumeReport(6, 6, 0, 0, 0, 1));
        assertThat(storedIds()).containsExactly("a", "b", "c", "d", "e", "f");
        assertThat(buffer.committedBatches()).hasSize(3);
        assertThat(store.load(GROUP, InMemoryBuffer.STREAM).positions()).containsExactly(InMemoryBuffer.position(6));
        assertThat(observer.calls).containsExactly("stored 2", "stored 2", "stored 2");
    }

    @Test
    void aReaderThatDoesNotAllowPendingBatchesIsReadOneBatchAtATime() throws InterruptedException {
        InMemoryBuffer kafkaLike = new InMemoryBuffer().maxBatch(2);
        IngestService ingestKafka = new IngestService(kafkaLike, CLOCK, new SplittableRandom(9), ObservePipelinePort.NONE);
        ingestKafka.ingest(new IngestEventsCommand(List.of(parsed(eventDraft("a", "t", "u", null)), parsed(eventDraft("b", "t", "u", null)),
                parsed(eventDraft("c", "t", "u", null))), EventSource.NATIVE, RouteFamily.NATIVE, "POST /v1/events"));
        BufferConsumer consumer = consumerOf(kafkaLike);

        assertThat(consumer.consumeNextBatch(WAIT).records()).isEqualTo(2);
        assertThat(consumer.consumeNextBatch(WAIT).records()).isEqualTo(1);

        assertThat(deferred.log).isEmpty();
        assertThat(storedIds()).containsExactly("a", "b", "c");
    }

    @Test
    void aBatchThatFailsWhileOverlappingIsReadAgainAndStoredAloneAndNothingAfterItIsLost() throws InterruptedException {
        ingestEvents("a", "b", "c", "d", "e", "f");
        deferred.failOnce.add("c");
        BufferConsumer consumer = consumerOf(buffer);

        ConsumeReport first = consumer.consumeNextBatch(WAIT);

        assertThat(first.records()).as("a and b committed; c d failed, e f rolled back after it").isEqualTo(2);
        assertThat(storedIds()).containsExactly("a", "b");
        assertThat(buffer.rewinds()).isEqualTo(1);
        assertThat(observer.calls).containsExactly("stored 2", "failed STORE_UNAVAILABLE 1");
        List<String> overlapped = List.copyOf(deferred.log);

        ConsumeReport alone = consumer.consumeNextBatch(WAIT);
        assertThat(alone.records()).isEqualTo(2);
        assertThat(deferred.log).as("stored alone, not handed over to overlap").isEqualTo(overlapped);
        consumer.consumeNextBatch(WAIT);

        assertThat(storedIds()).containsExactly("a", "b", "c", "d", "e", "f");
        assertThat(store.load(GROUP, InMemoryBuffer.STREAM).positions()).containsExactly(InMemoryBuffer.position(6));
    }

    @Test
    void poisonMetWhileOverlappingIsIsolatedByTheRetriesOfTheBatchStoredAlone() throws InterruptedException {
        ingestEvents("a", "b", "poison", "d", "e", "f");
        store.reject(new EventId("poison"));
        BufferConsumer consumer = consumerOf(buffer);

        for (int cycle = 0; cycle < 4; cycle++) {
            consumer.consumeNextBatch(WAIT);
        }

        assertThat(storedIds()).containsExactly("a", "b", "d", "e", "f");
        assertThat(store.deadLetters()).singleElement().satisfies(d -> {
            assertThat(d.letter().eventId()).isEqualTo("poison");
            assertThat(d.letter().reason()).isEqualTo(DeadLetterReason.RETRIES_EXHAUSTED);
        });
        assertThat(store.load(GROUP, InMemoryBuffer.STREAM).positions()).containsExactly(InMemoryBuffer.position(6));
        assertThat(store.storeCalls()).filteredOn(StorableBatch::isolatePoison).hasSize(1);
    }

    @Test
    void aReaderFailureWhileABatchIsPendingLetsThatBatchCommitAndRewindsOnlyToAfterIt() throws InterruptedException {
        ingestEvents("a", "b", "c", "d");
        ReadBufferPort reader = new BeforeSecondPoll(buffer, () -> {
            throw new BufferUnavailableException("cannot read (test)", Duration.ofSeconds(1), null);
        });
        BufferConsumer consumer = consumerOf(reader);

        assertThatThrownBy(() -> consumer.consumeNextBatch(WAIT)).isInstanceOf(BufferUnavailableException.class);
        assertThat(storedIds()).containsExactly("a", "b");
        assertThat(buffer.committedBatches()).hasSize(1);
        assertThat(buffer.rewinds()).isEqualTo(1);

        consumer.consumeNextBatch(WAIT);
        assertThat(storedIds()).containsExactly("a", "b", "c", "d");
        assertThat(store.load(GROUP, InMemoryBuffer.STREAM).positions()).containsExactly(InMemoryBuffer.position(4));
    }

    /** A store may fail before it hands anything back (an Error of the JVM, here of a store storing at once). */
    @Test
    void anErrorWhileHandingTheFirstBatchToTheStoreRewindsTheReader() throws InterruptedException {
        ingestEvents("a", "b", "c", "d");
        int[] calls = {0};
        StoreBatchPort overflowingOnce = batch -> {
            if (++calls[0] == 1) {
                throw new StackOverflowError("deep recursion (test)");
            }
            return store.store(batch);
        };
        BufferConsumer consumer = new BufferConsumer(buffer, overflowingOnce, GROUP, policy, CLOCK, new SplittableRandom(11),
                new RecordingPause(), observer);

        assertThatThrownBy(() -> consumer.consumeNextBatch(WAIT)).isInstanceOf(StackOverflowError.class);
        assertThat(buffer.rewinds()).isEqualTo(1);
        consumer.consumeNextBatch(WAIT);

        assertThat(storedIds()).containsExactly("a", "b", "c", "d");
        assertThat(store.load(GROUP, InMemoryBuffer.STREAM).positions()).containsExactly(InMemoryBuffer.position(4));
    }

    /** A Kafka rebalance while a batch is pending hands its records out again: they are stored once. */
    @Test
    void recordsHandedOutAgainWhileTheirBatchIsPendingAreStoredOnce() throws InterruptedException {
        ingestEvents("a", "b", "c", "d");
        ReadBufferPort rebalancing = new BeforeSecondPoll(buffer, () -> buffer.seek(0));

        consumerOf(rebalancing).consumeNextBatch(WAIT);
        consumerOf(rebalancing).consumeNextBatch(WAIT);

        assertThat(deferred.log).startsWith("submit a b", "submit a b", "outcome a b", "submit c d");
        assertThat(storedIds()).containsExactly("a", "b", "c", "d");
        assertThat(store.ledger().totals(new AggregateKey(Granularity.HOUR, Instant.parse("2024-01-15T10:00:00Z"),
                new EventType("page_view"))).orElseThrow().totalEvents()).isEqualTo(4);
        assertThat(store.load(GROUP, InMemoryBuffer.STREAM).positions()).containsExactly(InMemoryBuffer.position(4));
    }

    /**
     * An overlapping store whose batches are written when their outcome is first asked for, so the
     * log shows what the consumer did while a batch was pending; a batch commits only after the one
     * before it, as the port requires.
     */
    private final class DeferredStore implements StoreBatchPort {

        final List<String> log = new ArrayList<>();
        /** Event ids whose overlapped batch fails once, as unavailable. */
        final Set<String> failOnce = new HashSet<>();

        @Override
        public StoreReport store(StorableBatch batch) {
            return store.store(batch);
        }

        @Override
        public PendingStore storeAfter(PendingStore previous, StorableBatch batch) {
            String ids = batch.events().stream().map(e -> e.id().value()).collect(Collectors.joining(" "));
            log.add("submit " + ids);
            return new PendingStore(new Supplier<>() {
                private StoreReport report;
                private StoreException failure;
                private boolean ended;

                @Override
                public StoreReport get() {
                    if (!ended) {
                        ended = true;
                        log.add("outcome " + ids);
                        try {
                            if (previous != null) {
                                previous.outcome();
                            }
                            if (batch.events().stream().anyMatch(e -> failOnce.remove(e.id().value()))) {
                                throw new StoreUnavailableException("store down (test)", null);
                            }
                            report = store.store(batch);
                        } catch (StoreException failed) {
                            failure = failed;
                        }
                    }
                    if (failure != null) {
                        throw failure;
                    }
                    return report;
                }
            }, null);
        }
    }

    /** The buffer's reader, which does something else first on its second poll: fail, or go back as a rebalance would. */
    private static final class BeforeSecondPoll implements ReadBufferPort {

        private final InMemoryBuffer buffer;
        private final Runnable action;
        private int polls;

        BeforeSecondPoll(InMemoryBuffer buffer, Runnable action) {
            this.buffer = buffer;
            this.action = action;
        }

        @Override
        public BufferBatch poll(Duration maxWait) {
            if (++polls == 2) {
                action.run();
            }
            return buffer.poll(maxWait);
        }

        @Override
        public void committed(BufferBatch batch) {
            buffer.committed(batch);
        }

        @Override
        public void rewindToCommitted() {
            buffer.rewindToCommitted();
        }

        @Override
        public boolean allowsPendingBatches() {
            return true;
        }

        @Override
        public void close() {
            buffer.close();
        }
    }
}
