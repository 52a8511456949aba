package io.sluice.application.service;

import io.sluice.application.port.in.ConsumeBufferUseCase;
import io.sluice.application.port.in.ConsumeReport;
import io.sluice.application.port.out.BufferBatch;
import io.sluice.application.port.out.ConsumerGroup;
import io.sluice.application.port.out.ObservePipelinePort;
import io.sluice.application.port.out.PublishLiveEventsPort;
import io.sluice.application.port.out.ReadBufferPort;
import io.sluice.application.port.out.ReadRecord;
import io.sluice.application.port.out.RecordKeys;
import io.sluice.application.port.out.StorableBatch;
import io.sluice.application.port.out.StoreBatchPort;
import io.sluice.application.port.out.StoreRejectedException;
import io.sluice.application.port.out.StoreReport;
import io.sluice.application.port.out.StoreUnavailableException;
import io.sluice.domain.deadletter.DeadLetter;
import io.sluice.domain.deadletter.DeadLetterKey;
import io.sluice.domain.deadletter.DeadLetterPolicy;
import io.sluice.domain.deadletter.DeadLetterReason;
import io.sluice.domain.deadletter.FailureDecision;
import io.sluice.domain.deadletter.FailureKind;
import io.sluice.domain.event.Enrichment;
import io.sluice.domain.event.Event;
import io.sluice.domain.event.EventDraft;
import io.sluice.domain.event.EventId;
import io.sluice.domain.event.EventRules;
import io.sluice.domain.event.EventSource;
import io.sluice.domain.event.Validated;
import io.sluice.domain.metric.MetricDraft;
import io.sluice.domain.metric.MetricRules;
import io.sluice.domain.metric.MetricSample;
import io.sluice.application.port.out.RecordDraft;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.random.RandomGenerator;

/**
 * The consumer: reads a batch, validates every record again (foreign producers never passed
 * ingress), deduplicates by id, enriches, and hands the batch with its positions to the store as
 * one transaction; on failure it follows the {@link DeadLetterPolicy}. Anything else that escapes
 * before the store committed the batch (a bug, an {@link Error}, an interrupt) rewinds the reader
 * first, so the next call reads the same batch again instead of skipping it. Not thread-safe: one
 * instance per consumer thread.
 */
public final class BufferConsumer implements ConsumeBufferUseCase {

    private final ReadBufferPort buffer;
    private final StoreBatchPort store;
    private final ConsumerGroup group;
    private final DeadLetterPolicy policy;
    private final Clock clock;
    private final RandomGenerator random;
    private final Pause pause;
    private final ObservePipelinePort observe;
    private final EventRules eventRules;
    private final MetricRules metricRules;
    private final Enrichment enrichment;
    private final PublishLiveEventsPort live;
    private final SchemaGate schemas;
    private boolean rewindOwed;

    /** With seed 003's enrichment ({@link Enrichment#SEED_003}). */
    public BufferConsumer(ReadBufferPort buffer, StoreBatchPort store, ConsumerGroup group, DeadLetterPolicy policy,
                          Clock clock, RandomGenerator random, Pause pause, ObservePipelinePort observe) {
        this(buffer, store, group, policy, clock, random, pause, observe, Enrichment.SEED_003, PublishLiveEventsPort.NONE);
    }

    public BufferConsumer(ReadBufferPort buffer, StoreBatchPort store, ConsumerGroup group, DeadLetterPolicy policy,
                          Clock clock, RandomGenerator random, Pause pause, ObservePipelinePort observe, Enrichment enrichment,
                          PublishLiveEventsPort live) {
        this(buffer, store, group, policy, clock, random, pause, observe, enrichment, live, SchemaGate.open());
    }

    public BufferConsumer(ReadBufferPort buffer, StoreBatchPort store, ConsumerGroup group, DeadLetterPolicy policy,
                          Clock clock, RandomGenerator random, Pause pause, ObservePipelinePort observe, Enrichment enrichment,
                          PublishLiveEventsPort live, SchemaGate schemas) {
        this.enrichment = java.util.Objects.requireNonNull(enrichment, "enrichment");
        this.live = java.util.Objects.requireNonNull(live, "live");
        this.schemas = java.util.Objects.requireNonNull(schemas, "schemas");
        this.buffer = buffer;
        this.store = store;
        this.group = group;
        this.policy = policy;
        this.clock = clock;
        this.random = random;
        this.pause = pause;
        this.observe = observe;
        this.eventRules = new EventRules(random);
        this.metricRules = new MetricRules(random);
    }

    @Override
    public ConsumeReport consumeNextBatch(Duration maxWait) throws InterruptedException {
        if (rewindOwed) {
            buffer.rewindToCommitted();
            rewindOwed = false;
        }
        BufferBatch batch = buffer.poll(maxWait);
        if (batch.isEmpty()) {
            return ConsumeReport.IDLE;
        }
        long started = System.nanoTime();
        Prepared prepared;
        Stored stored;
        try {
            prepared = prepare(batch.records(), clock.instant());
            stored = storeWithRetries(new StorableBatch(group, prepared.events, prepared.samples, prepared.deadLetters,
                    batch.positionsAfter(), false, 1, new RecordKeys(prepared.eventRecords, prepared.sampleRecords)),
                    batch.records().size());
        } catch (RuntimeException | Error | InterruptedException notStored) {
            // The reader reads on after an uncommitted batch, and the next commit would move the stored
            // position past this one: it would be lost. Whatever failed, the next poll must return it again.
            forgetUncommitted(notStored);
            throw notStored;
        }
        // Stored: from here on a failure must not rewind, since reading the batch again would store its
        // dead letters a second time (the store deduplicates events and samples by id, not dead letters).
        buffer.committed(batch);
        observe.batchStored(stored.report, batch.records().size(), deadLettersByReason(prepared.deadLetters, stored.report),
                stored.storeTook, Duration.ofNanos(stored.at - started));
        live.stored(prepared.events, prepared.samples, prepared.deadLetters, stored.report, clock.instant(),
                Duration.ofNanos(stored.at - started), stored.storeTook);
        return new ConsumeReport(batch.records().size(), stored.report.eventsStored(),
                stored.report.duplicates() + prepared.batchDuplicates, stored.report.samplesStored(), stored.report.deadLettered(),
                stored.attempts);
    }

    /** Stores the batch with its positions, retrying as the policy says until the store committed it. */
    private Stored storeWithRetries(StorableBatch storable, int records) throws InterruptedException {
        for (int attempt = 1; ; attempt++) {
            try {
                long storeStarted = System.nanoTime();
                StoreReport report = store.store(storable.attempt(attempt));
                long stored = System.nanoTime();
                return new Stored(report, attempt, Duration.ofNanos(stored - storeStarted), stored);
            } catch (StoreUnavailableException unavailable) {
                observe.storeFailed(FailureKind.STORE_UNAVAILABLE, attempt);
                FailureDecision decision = policy.onFailure(FailureKind.STORE_UNAVAILABLE, attempt, random.nextDouble());
                observe.batchFailed(FailureKind.STORE_UNAVAILABLE, attempt, records, String.valueOf(unavailable.getMessage()), decision);
                follow(decision);
            } catch (StoreRejectedException rejected) {
                observe.storeFailed(FailureKind.STORE_REJECTED, attempt);
                double jitter = random.nextDouble();
                FailureDecision decision = policy.onFailure(FailureKind.STORE_REJECTED, attempt, jitter);
                if (decision instanceof FailureDecision.IsolatePoison && !storable.isolatePoison()) {
                    observe.batchFailed(FailureKind.STORE_REJECTED, attempt, records, String.valueOf(rejected.getMessage()), decision);
                    storable = storable.isolatingPoison(attempt + 1);
                } else if (decision instanceof FailureDecision.IsolatePoison) {
                    // Refused even while isolating poison (a store that breaks its contract): back off as
                    // for an outage instead of spinning against the database without a pause.
                    FailureDecision.RetryAfter backOff = new FailureDecision.RetryAfter(policy.backoff(attempt, jitter));
                    observe.batchFailed(FailureKind.STORE_REJECTED, attempt, records, String.valueOf(rejected.getMessage()), backOff);
                    follow(backOff);
                } else {
                    observe.batchFailed(FailureKind.STORE_REJECTED, attempt, records, String.valueOf(rejected.getMessage()), decision);
                    follow(decision);
                }
            }
        }
    }

    /**
     * Rewinds the reader after a batch that was not stored. When the rewind fails too, it is owed:
     * the next cycle rewinds before it polls, since polling first would skip the batch.
     */
    private void forgetUncommitted(Throwable failure) {
        rewindOwed = true;
        try {
            buffer.rewindToCommitted();
            rewindOwed = false;
        } catch (RuntimeException | Error rewindFailed) {
            // The JVM may throw one preallocated OutOfMemoryError again, and nothing may suppress itself.
            if (rewindFailed != failure) {
                failure.addSuppressed(rewindFailed);
            }
        }
    }

    /** The prepared dead letters by reason; whatever the store added beyond them is poison it isolated. */
    private static Map<DeadLetterReason, Integer> deadLettersByReason(List<DeadLetter> prepared, StoreReport report) {
        Map<DeadLetterReason, Integer> byReason = new EnumMap<>(DeadLetterReason.class);
        for (DeadLetter letter : prepared) {
            byReason.merge(letter.reason(), 1, Integer::sum);
        }
        int isolated = report.deadLettered() - prepared.size();
        if (isolated > 0) {
            byReason.merge(DeadLetterReason.RETRIES_EXHAUSTED, isolated, Integer::sum);
        }
        return byReason;
    }

    private void follow(FailureDecision decision) throws InterruptedException {
        if (decision instanceof FailureDecision.RetryAfter retry) {
            pause.pause(retry.delay());
        }
    }

    private Prepared prepare(List<ReadRecord> records, Instant now) {
        Prepared prepared = new Prepared(records.size());
        for (ReadRecord record : records) {
            try {
                prepare(record, prepared, now);
            } catch (RuntimeException bug) {
                // Rules and value objects disagreeing about some input is a bug in Sluice, not in the
                // record. Escaping here would fail the cycle and rewind the reader, and the same record
                // would fail every later cycle too: one record would stop all consumption. A dead letter
                // keeps the record's bytes, counts in the metrics, and can be replayed.
                EventSource source = record.draft() instanceof RecordDraft.OfEvent ofEvent ? ofEvent.draft().source()
                        : EventSource.FOREIGN_PRODUCER;
                prepared.deadLetter(record, DeadLetterReason.MALFORMED, "the consumer could not prepare this record (a Sluice bug: "
                        + bug + "); replay it once fixed", source, null, now);
            }
        }
        prepared.events.addAll(prepared.uniqueEvents.values());
        return prepared;
    }

    private void prepare(ReadRecord record, Prepared prepared, Instant now) {
        RecordDraft draft = record.draft();
        if (draft instanceof RecordDraft.OfEvent ofEvent) {
            Validated<Event> validated = eventRules.validate(withStableId(ofEvent.draft(), record), now);
            if (validated instanceof Validated.Valid<Event> valid) {
                // Ingress checked Sluice's own records and stamped them; a foreign producer's record is checked here.
                SchemaGate.Decision decision = ofEvent.schema() != null ? new SchemaGate.Passed(valid.value().withSchema(ofEvent.schema()))
                        : schemas.check(valid.value());
                if (decision instanceof SchemaGate.Refused refused) {
                    prepared.deadLetter(record, DeadLetterReason.SCHEMA, refused.detail(), ofEvent.draft().source(),
                            ofEvent.draft().eventId(), now);
                } else {
                    prepared.addEvent(enrichment.apply(((SchemaGate.Passed) decision).event()), record);
                }
            } else {
                prepared.deadLetter(record, DeadLetterReason.INVALID, ((Validated.Invalid<Event>) validated).reason(),
                        ofEvent.draft().source(), ofEvent.draft().eventId(), now);
            }
        } else if (draft instanceof RecordDraft.OfMetric ofMetric) {
            Validated<MetricSample> validated = metricRules.validate(withStableId(ofMetric.draft(), record), now);
            if (validated instanceof Validated.Valid<MetricSample> valid) {
                prepared.samples.add(valid.value());
                prepared.sampleRecords.putIfAbsent(valid.value().id(), record);
            } else {
                prepared.deadLetter(record, DeadLetterReason.INVALID, ((Validated.Invalid<MetricSample>) validated).reason(),
                        EventSource.FOREIGN_PRODUCER, null, now);
            }
        } else if (draft instanceof RecordDraft.OfDeadLetter ofDeadLetter) {
            // Set aside at the door and buffered with its request: its position in the buffer makes it this dead letter.
            prepared.deadLetters.add(ofDeadLetter.deadLetter().withKey(DeadLetterKey.atBufferPosition(record.origin(), record.raw())));
        } else {
            prepared.deadLetter(record, DeadLetterReason.MALFORMED, ((RecordDraft.Unreadable) draft).reason(),
                    EventSource.FOREIGN_PRODUCER, null, now);
        }
    }

    /**
     * A foreign producer's event without an id gets one derived from where it was read, not a
     * random one: a record read twice (a consumer that lost its partition and still commits, a
     * replayed range) must become the same event, or it would be stored and counted twice.
     */
    private static EventDraft withStableId(EventDraft d, ReadRecord record) {
        if (d.eventId() != null) {
            return d;
        }
        return new EventDraft(stableId(record), d.eventType(), d.userId(), d.sessionId(), d.timestamp(), d.durationSeconds(),
                d.properties(), d.eventData(), d.propertiesBytes(), d.receivedAt(), d.source(), d.encodedProperties());
    }

    /** The same for metric samples, which are deduplicated by id too. */
    private static MetricDraft withStableId(MetricDraft d, ReadRecord record) {
        if (d.id() != null) {
            return d;
        }
        return new MetricDraft(stableId(record), d.name(), d.value(), d.timestamp(), d.labels(), d.receivedAt());
    }

    private static String stableId(ReadRecord record) {
        return UUID.nameUUIDFromBytes(("sluice-buffer:" + record.origin()).getBytes(StandardCharsets.UTF_8)).toString();
    }

    /** A batch the store committed: its report, the attempts it took, the successful store call's duration and end. */
    private record Stored(StoreReport report, int attempts, Duration storeTook, long at) {
    }

    private static final class Prepared {
        private final Map<EventId, Event> uniqueEvents;
        private final List<Event> events;
        private final List<MetricSample> samples = new ArrayList<>();
        private final List<DeadLetter> deadLetters = new ArrayList<>();
        /** Where each event and sample was read, for the key of a dead letter the store sets aside. */
        private final Map<EventId, ReadRecord> eventRecords;
        private final Map<String, ReadRecord> sampleRecords = new HashMap<>();
        private int batchDuplicates;

        Prepared(int size) {
            uniqueEvents = new LinkedHashMap<>(size * 2);
            eventRecords = new HashMap<>(size * 2);
            events = new ArrayList<>(size);
        }

        /** The first occurrence of an id in a batch wins, as a stored id wins over later ones. */
        void addEvent(Event event, ReadRecord record) {
            if (uniqueEvents.putIfAbsent(event.id(), event) != null) {
                batchDuplicates++;
            } else {
                eventRecords.put(event.id(), record);
            }
        }

        void deadLetter(ReadRecord record, DeadLetterReason reason, String detail, EventSource source, Object claimedId, Instant now) {
            String id = claimedId instanceof String text && !text.isEmpty() && text.length() <= 100 ? text : null;
            deadLetters.add(new DeadLetter(reason, detail, record.raw(), record.origin(), source, id, now, 1,
                    DeadLetterKey.atBufferPosition(record.origin(), record.raw())));
        }
    }
}
