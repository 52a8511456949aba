package io.sluice.application.fakes;

import io.sluice.application.port.in.AggregateQuery;
import io.sluice.application.port.in.DeadLetterQuery;
import io.sluice.application.port.in.EventQuery;
import io.sluice.application.port.in.MetricQuery;
import io.sluice.application.port.in.StoredDeadLetter;
import io.sluice.application.port.in.StoredEvent;
import io.sluice.application.port.in.StoredMetric;
import io.sluice.application.port.out.BufferPosition;
import io.sluice.application.port.out.ConsumerGroup;
import io.sluice.application.port.out.LoadAggregatesPort;
import io.sluice.application.port.out.LoadConsumerPositionsPort;
import io.sluice.application.port.out.LoadDeadLettersPort;
import io.sluice.application.port.out.LoadEventsPort;
import io.sluice.application.port.out.LoadMetricsPort;
import io.sluice.application.port.out.LoadStoreStatsPort;
import io.sluice.application.port.out.ClaimDeadLettersPort;
import io.sluice.application.port.out.MarkDeadLettersReplayedPort;
import io.sluice.application.port.out.ReplayCandidate;
import io.sluice.application.port.out.StorableBatch;
import io.sluice.application.port.out.StoreBatchPort;
import io.sluice.application.port.out.StoreRejectedException;
import io.sluice.application.port.out.StoreReport;
import io.sluice.application.port.out.StoreStats;
import io.sluice.application.port.out.StoreUnavailableException;
import io.sluice.domain.aggregate.AggregateLedger;
import io.sluice.domain.aggregate.AggregateTotals;
import io.sluice.domain.deadletter.DeadLetter;
import io.sluice.domain.deadletter.DeadLetterReason;
import io.sluice.domain.event.Event;
import io.sluice.domain.event.EventId;
import io.sluice.domain.metric.MetricAggregation;
import io.sluice.domain.metric.MetricDelta;
import io.sluice.domain.metric.MetricSample;
import io.sluice.domain.metric.MetricSeriesKey;
import io.sluice.domain.metric.MetricSummary;
import io.sluice.domain.metric.QuantileSketch;
import io.sluice.application.port.out.BufferedRecord;
import io.sluice.application.port.out.RecordDraft;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import java.util.function.Function;

/**
 * The store in memory, with the contract of the PostgreSQL store: a batch is committed whole or
 * not at all, events are deduplicated by id and counted once ({@link AggregateLedger}), samples
 * by id, positions only move forward. It can be told to be unavailable for the next {@code n}
 * batches, or to refuse any batch holding a given event id unless the batch isolates poison (the
 * event then becomes a {@code retries_exhausted} dead letter). Thread-safe (synchronized).
 */
public final class InMemoryStore implements StoreBatchPort, LoadEventsPort, LoadAggregatesPort, LoadMetricsPort,
        LoadDeadLettersPort, MarkDeadLettersReplayedPort, ClaimDeadLettersPort, LoadStoreStatsPort, LoadConsumerPositionsPort {

    private final Clock clock;
    private final AggregateLedger ledger = new AggregateLedger();
    private final List<StoredEvent> events = new ArrayList<>();
    private final Map<String, StoredMetric> samples = new LinkedHashMap<>();
    private final Map<MetricSeriesKey, MetricBucket> metricBuckets = new HashMap<>();
    private final Map<Long, StoredDeadLetter> deadLetters = new TreeMap<>();
    private final Map<ConsumerGroup, Map<String, Map<Integer, Long>>> positions = new HashMap<>();
    private final List<StorableBatch> storeCalls = new ArrayList<>();
    private final Set<EventId> rejected = new HashSet<>();
    private Function<DeadLetter, RecordDraft> payloadDecoder = letter -> new RecordDraft.Unreadable("no decoder in this test");
    private int unavailableFor;
    private int markFailures;
    private int commits;
    private long nextSequence = 1;
    private long nextDeadLetterId = 1;
    private long nextSampleId = 1;
    private int lastNewestLimit = -1;

    public InMemoryStore(Clock clock) {
        this.clock = clock;
    }

    public InMemoryStore() {
        this(Clock.fixed(Instant.parse("2024-01-15T12:00:00Z"), ZoneOffset.UTC));
    }

    // ---- failure scripting -------------------------------------------------------------------

    /** The next {@code batches} calls of {@link #store} throw {@link StoreUnavailableException}. */
    public synchronized InMemoryStore unavailableFor(int batches) {
        this.unavailableFor = batches;
        return this;
    }

    /** Any batch holding this event is refused, unless it isolates poison: then the event is dead-lettered. */
    public synchronized InMemoryStore reject(EventId id) {
        rejected.add(id);
        return this;
    }

    /** The next {@code times} calls of {@link #markReplayed} fail, as a crash between append and mark would. */
    public synchronized InMemoryStore failMarks(int times) {
        this.markFailures = times;
        return this;
    }

    /** How dead-letter payloads are decoded for replay (an adapter parses JSON; tests say what it would read). */
    public synchronized InMemoryStore decodePayloadsWith(Function<DeadLetter, RecordDraft> decoder) {
        this.payloadDecoder = Objects.requireNonNull(decoder);
        return this;
    }

    // ---- StoreBatchPort ----------------------------------------------------------------------

    @Override
    public synchronized StoreReport store(StorableBatch batch) {
        storeCalls.add(batch);
        if (unavailableFor > 0) {
            unavailableFor--;
            throw new StoreUnavailableException("store down (test)", null);
        }
        List<Event> storable = new ArrayList<>(batch.events());
        List<DeadLetter> isolated = new ArrayList<>();
        List<Event> poisoned = storable.stream().filter(e -> rejected.contains(e.id())).toList();
        if (!poisoned.isEmpty()) {
            if (!batch.isolatePoison()) {
                throw new StoreRejectedException("store refused " + poisoned.get(0).id() + " (test)", null);
            }
            storable.removeAll(poisoned);
            for (Event event : poisoned) {
                byte[] payload = new BufferedRecord.EventRecord(event).toString().getBytes(StandardCharsets.UTF_8);
                isolated.add(new DeadLetter(DeadLetterReason.RETRIES_EXHAUSTED, "refused by the store (test)", payload,
                        "store", event.source(), event.id().value(), clock.instant(), batch.attempts()));
            }
        }
        Instant now = clock.instant();
        List<Event> fresh = ledger.record(storable);
        for (Event event : fresh) {
            events.add(new StoredEvent(nextSequence++, event, now));
        }
        List<MetricSample> freshSamples = new ArrayList<>();
        for (MetricSample sample : batch.samples()) {
            if (!samples.containsKey(sample.id())) {
                samples.put(sample.id(), new StoredMetric(nextSampleId++, sample));
                freshSamples.add(sample);
            }
        }
        for (MetricDelta delta : MetricAggregation.deltasOf(freshSamples)) {
            metricBuckets.computeIfAbsent(delta.key(), k -> new MetricBucket()).add(delta);
        }
        batch.deadLetters().forEach(this::addDeadLetter);
        isolated.forEach(this::addDeadLetter);
        for (BufferPosition position : batch.positions()) {
            positions.computeIfAbsent(batch.group(), g -> new HashMap<>())
                    .computeIfAbsent(position.stream(), s -> new HashMap<>())
                    .merge(position.partition(), position.next(), Math::max);
        }
        commits++;
        return new StoreReport(fresh.size(), storable.size() - fresh.size(), freshSamples.size(),
                batch.deadLetters().size() + isolated.size());
    }

    /** Stores a dead letter directly (as an earlier batch would have); returns its id. */
    public synchronized long addDeadLetter(DeadLetter letter) {
        long id = nextDeadLetterId++;
        deadLetters.put(id, new StoredDeadLetter(id, letter, null, null));
        return id;
    }

    // ---- inspection --------------------------------------------------------------------------

    /** Every batch handed to {@link #store}, failed attempts included. */
    public synchronized List<StorableBatch> storeCalls() {
        return List.copyOf(storeCalls);
    }

    public synchronized int commits() {
        return commits;
    }

    public synchronized List<Event> storedEvents() {
        return events.stream().map(StoredEvent::event).toList();
    }

    public synchronized List<MetricSample> storedSamples() {
        return samples.values().stream().map(StoredMetric::sample).toList();
    }

    public synchronized List<StoredDeadLetter> deadLetters() {
        return List.copyOf(deadLetters.values());
    }

    public synchronized AggregateLedger ledger() {
        return ledger;
    }

    public synchronized int lastNewestLimit() {
        return lastNewestLimit;
    }

    // ---- LoadEventsPort ----------------------------------------------------------------------

    @Override
    public synchronized List<StoredEvent> find(EventQuery query) {
        return events.stream()
                .filter(s -> query.type() == null || s.event().type().equals(query.type()))
                .filter(s -> query.user() == null || s.event().user().equals(query.user()))
                .filter(s -> query.from() == null || !s.event().timestamp().isBefore(query.from()))
                .filter(s -> query.to() == null || s.event().timestamp().isBefore(query.to()))
                .filter(s -> query.beforeSequence() == null || s.sequence() < query.beforeSequence())
                .sorted(Comparator.comparingLong(StoredEvent::sequence).reversed())
                .limit(query.limit())
                .toList();
    }

    @Override
    public synchronized Optional<StoredEvent> findById(EventId id) {
        return events.stream().filter(s -> s.event().id().equals(id)).findFirst();
    }

    // ---- LoadAggregatesPort ------------------------------------------------------------------

    @Override
    public synchronized List<AggregateTotals> load(AggregateQuery query) {
        return ledger.allTotals().stream()
                .filter(t -> t.key().granularity() == query.granularity())
                .filter(t -> query.type() == null || t.key().type().equals(query.type()))
                .filter(t -> !t.key().bucketStart().isBefore(query.from()) && t.key().bucketStart().isBefore(query.to()))
                .sorted(Comparator.comparing((AggregateTotals t) -> t.key().bucketStart()).thenComparing(t -> t.key().type().value()))
                .toList();
    }

    // ---- LoadMetricsPort ---------------------------------------------------------------------

    @Override
    public synchronized List<StoredMetric> newest(int limit) {
        lastNewestLimit = limit;
        return samples.values().stream()
                .sorted(Comparator.comparing((StoredMetric m) -> m.sample().timestamp()).thenComparingLong(StoredMetric::id).reversed())
                .limit(limit)
                .toList();
    }

    @Override
    public synchronized List<MetricSummary> summaries(MetricQuery query) {
        return metricBuckets.entrySet().stream()
                .filter(e -> e.getKey().window() == query.window())
                .filter(e -> query.name() == null || e.getKey().name().equals(query.name()))
                .filter(e -> !e.getKey().bucketStart().isBefore(query.from()) && e.getKey().bucketStart().isBefore(query.to()))
                .map(e -> e.getValue().summary(e.getKey()))
                .sorted(Comparator.comparing((MetricSummary s) -> s.key().bucketStart())
                        .thenComparing(s -> s.key().name().value()).thenComparing(s -> s.key().labels().canonical()))
                .toList();
    }

    // ---- LoadDeadLettersPort / MarkDeadLettersReplayedPort -----------------------------------

    @Override
    public synchronized List<StoredDeadLetter> find(DeadLetterQuery query) {
        return matching(query).toList();
    }

    @Override
    public synchronized Optional<StoredDeadLetter> findById(long id) {
        return Optional.ofNullable(deadLetters.get(id));
    }

    @Override
    public synchronized List<ReplayCandidate> replayCandidates(DeadLetterQuery query) {
        return matching(query).filter(s -> !s.replayed())
                .map(s -> new ReplayCandidate(s, payloadDecoder.apply(s.letter())))
                .toList();
    }

    private java.util.stream.Stream<StoredDeadLetter> matching(DeadLetterQuery query) {
        return deadLetters.values().stream()
                .sorted(Comparator.comparingLong(StoredDeadLetter::id).reversed())
                .filter(s -> query.reason() == null || s.letter().reason() == query.reason())
                .filter(s -> query.source() == null || s.letter().source().value().equals(query.source()))
                .filter(s -> query.from() == null || !s.letter().failedAt().isBefore(query.from()))
                .filter(s -> query.to() == null || s.letter().failedAt().isBefore(query.to()))
                .filter(s -> query.replayed() == null || s.replayed() == query.replayed())
                .filter(s -> query.beforeId() == null || s.id() < query.beforeId())
                .limit(query.limit());
    }

    @Override
    public synchronized void markReplayed(Map<Long, String> eventIdsByDeadLetter, Instant at) {
        if (markFailures > 0) {
            markFailures--;
            throw new StoreUnavailableException("store down while marking (test)", null);
        }
        eventIdsByDeadLetter.forEach((id, eventId) -> {
            StoredDeadLetter stored = deadLetters.get(id);
            if (stored != null && !stored.replayed()) {
                deadLetters.put(id, new StoredDeadLetter(id, stored.letter(), at, eventId));
            }
        });
    }

    /** Holds by the monitor: one replay at a time, as row locks would serialise replays of the same rows. */
    @Override
    public synchronized void replayPending(DeadLetterQuery query, Instant at, java.util.function.Function<List<ReplayCandidate>, Map<Long, String>> replay) {
        markReplayed(replay.apply(replayCandidates(query)), at);
    }

    @Override
    public synchronized void replayPendingOne(long id, Instant at, java.util.function.Function<List<ReplayCandidate>, Map<Long, String>> replay) {
        markReplayed(replay.apply(replayCandidate(id).map(List::of).orElse(List.of())), at);
    }

    // ---- LoadStoreStatsPort / LoadConsumerPositionsPort --------------------------------------

    @Override
    public synchronized StoreStats stats() {
        Map<String, Long> byType = new TreeMap<>();
        events.forEach(s -> byType.merge(s.event().type().value(), 1L, Long::sum));
        Map<String, Long> byReason = new TreeMap<>();
        deadLetters.values().forEach(s -> byReason.merge(s.letter().reason().label(), 1L, Long::sum));
        Instant last = events.isEmpty() ? null : events.get(events.size() - 1).processedAt();
        return new StoreStats(events.size(), byType, byReason, samples.size(), last);
    }

    @Override
    public synchronized Map<Integer, Long> load(ConsumerGroup group, String stream) {
        return Map.copyOf(positions.getOrDefault(group, Map.of()).getOrDefault(stream, Map.of()));
    }

    private static final class MetricBucket {
        private long count;
        private double sum;
        private double min = Double.POSITIVE_INFINITY;
        private double max = Double.NEGATIVE_INFINITY;
        private final QuantileSketch sketch = new QuantileSketch();

        void add(MetricDelta delta) {
            count += delta.count();
            sum += delta.sum();
            min = Math.min(min, delta.min());
            max = Math.max(max, delta.max());
            sketch.merge(delta.bins());
        }

        MetricSummary summary(MetricSeriesKey key) {
            return MetricSummary.of(key, count, sum, min, max, sketch.bins());
        }
    }
}
