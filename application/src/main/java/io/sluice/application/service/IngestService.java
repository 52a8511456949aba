package io.sluice.application.service;

import io.sluice.application.port.in.Incoming;
import io.sluice.application.port.in.IngestEventsCommand;
import io.sluice.application.port.in.IngestEventsUseCase;
import io.sluice.application.port.in.IngestMetricsCommand;
import io.sluice.application.port.in.IngestMetricsUseCase;
import io.sluice.application.port.in.IngestReceipt;
import io.sluice.application.port.in.ItemOutcome;
import io.sluice.application.port.out.AppendToBufferPort;
import io.sluice.application.port.out.BufferedRecord;
import io.sluice.application.port.out.BufferRefusedException;
import io.sluice.application.port.out.ObservePipelinePort;
import io.sluice.application.port.out.PublishLiveEventsPort;
import io.sluice.domain.deadletter.DeadLetter;
import io.sluice.domain.deadletter.DeadLetterReason;
import io.sluice.domain.event.Event;
import io.sluice.domain.event.EventDraft;
import io.sluice.domain.event.EventRules;
import io.sluice.domain.event.EventSource;
import io.sluice.domain.event.Validated;
import io.sluice.domain.event.Violation;
import io.sluice.domain.metric.MetricDraft;
import io.sluice.domain.metric.MetricRules;
import io.sluice.domain.metric.MetricSample;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.function.BiFunction;
import java.util.function.Function;
import java.util.random.RandomGenerator;

/**
 * Ingress: validates each item, turns rejected ones into dead letters, and appends the whole
 * request to the buffer in one call, acknowledging only what the buffer acknowledged.
 * Thread-safe: it holds no mutable state.
 */
public final class IngestService implements IngestEventsUseCase, IngestMetricsUseCase {

    private final AppendToBufferPort buffer;
    private final Clock clock;
    private final EventRules eventRules;
    private final MetricRules metricRules;
    private final ObservePipelinePort observe;
    private final PublishLiveEventsPort live;
    private final SchemaGate schemas;

    public IngestService(AppendToBufferPort buffer, Clock clock, RandomGenerator random, ObservePipelinePort observe) {
        this(buffer, clock, random, observe, PublishLiveEventsPort.NONE, SchemaGate.open());
    }

    public IngestService(AppendToBufferPort buffer, Clock clock, RandomGenerator random, ObservePipelinePort observe,
                         PublishLiveEventsPort live) {
        this(buffer, clock, random, observe, live, SchemaGate.open());
    }

    public IngestService(AppendToBufferPort buffer, Clock clock, RandomGenerator random, ObservePipelinePort observe,
                         PublishLiveEventsPort live, SchemaGate schemas) {
        this.live = live;
        this.schemas = schemas;
        this.buffer = buffer;
        this.clock = clock;
        this.eventRules = new EventRules(random);
        this.metricRules = new MetricRules(random);
        this.observe = observe;
    }

    @Override
    public IngestReceipt ingest(IngestEventsCommand command) {
        return ingest(command.items(), command.source(), command.routeFamily(), command.origin(),
                eventRules::validate, schemas::check,
                (draft, validated, event) -> new BufferedRecord.EventRecord(attributed(event, command.source()),
                        clientText(draft, validated, event)),
                event -> event.id().value(),
                draft -> draft.eventId() instanceof String id ? id : null);
    }

    @Override
    public IngestReceipt ingest(IngestMetricsCommand command) {
        return ingest(command.items(), command.source(), command.routeFamily(), command.origin(),
                metricRules::validate, sample -> sample, (draft, validated, sample) -> new BufferedRecord.MetricRecord(sample),
                MetricSample::id,
                draft -> null);
    }

    private <D, T> IngestReceipt ingest(List<Incoming<D>> items, EventSource source, String routeFamily, String origin,
                                        BiFunction<D, Instant, Validated<T>> rules, Function<T, Object> screen,
                                        ToRecord<D, T> toRecord,
                                        Function<T, String> idOf, Function<D, String> claimedIdOf) {
        long ingestStarted = System.nanoTime();
        Instant now = clock.instant();
        List<BufferedRecord> records = new ArrayList<>(items.size());
        List<ItemOutcome> outcomes = new ArrayList<>(items.size());
        int invalidItems = 0;
        int malformedItems = 0;
        for (Incoming<D> item : items) {
            if (item instanceof Incoming.Parsed<D> parsed) {
                Validated<T> validated = rules.apply(parsed.draft(), now);
                Object screened = validated instanceof Validated.Valid<T> valid ? screen.apply(valid.value()) : null;
                if (screened instanceof SchemaGate.Refused refused) {
                    records.add(rejection(DeadLetterReason.SCHEMA, refused.detail(), parsed.raw(), origin, source,
                            claimedIdOf.apply(parsed.draft()), now));
                    outcomes.add(new ItemOutcome.Rejected(refused.violations()));
                    invalidItems++;
                } else if (validated instanceof Validated.Valid<T> valid) {
                    @SuppressWarnings("unchecked")
                    T value = screened instanceof SchemaGate.Passed passed ? (T) passed.event() : valid.value();
                    records.add(toRecord.of(parsed.draft(), valid.value(), value));
                    outcomes.add(new ItemOutcome.Accepted(idOf.apply(value)));
                } else {
                    Validated.Invalid<T> invalid = (Validated.Invalid<T>) validated;
                    records.add(rejection(DeadLetterReason.INVALID, invalid.reason(), parsed.raw(), origin, source,
                            claimedIdOf.apply(parsed.draft()), now));
                    outcomes.add(new ItemOutcome.Rejected(invalid.violations()));
                    invalidItems++;
                }
            } else {
                Incoming.Unparsed<D> unparsed = (Incoming.Unparsed<D>) item;
                records.add(rejection(DeadLetterReason.MALFORMED, unparsed.reason(), unparsed.raw(), origin, source, null, now));
                outcomes.add(new ItemOutcome.Rejected(List.of(new Violation("item", unparsed.reason()))));
                malformedItems++;
            }
        }
        long appendStarted = System.nanoTime();
        try {
            buffer.append(records);
        } catch (BufferRefusedException refused) {
            observe.bufferRefused(routeFamily);
            throw refused;
        }
        long done = System.nanoTime();
        observe.ingested(routeFamily, items.size() - invalidItems - malformedItems, invalidItems, malformedItems,
                Duration.ofNanos(done - appendStarted), Duration.ofNanos(done - ingestStarted));
        live.appended(records, now);
        return new IngestReceipt(outcomes);
    }

    /** The buffer record of an accepted item. */
    @FunctionalInterface
    private interface ToRecord<D, T> {
        /**
         * @param validated what the rules made of the draft
         * @param screened  what is appended: {@code validated}, or the schema check's copy of it
         */
        BufferedRecord of(D draft, T validated, T screened);
    }

    /**
     * The client's JSON text of the properties, while it still is the text of what is appended:
     * the rules made the event's properties from the draft's, and nothing replaced them since. An
     * empty object is encoded anew, as {@code {}}, whatever whitespace the client put in it.
     */
    private static byte[] clientText(EventDraft draft, Event validated, Event screened) {
        return screened.properties() == validated.properties() && !screened.properties().isEmpty() ? draft.encodedProperties() : null;
    }

    /** The command names whom a request's items are attributed to, accepted and rejected ones alike. */
    private static Event attributed(Event event, EventSource source) {
        return event.source().equals(source) ? event : event.withSource(source);
    }

    private static BufferedRecord rejection(DeadLetterReason reason, String detail, byte[] raw, String origin, EventSource source,
                                            String eventId, Instant now) {
        String id = eventId != null && !eventId.isEmpty() && eventId.length() <= 100 ? eventId : null;
        return new BufferedRecord.RejectedRecord(new DeadLetter(reason, detail, raw, origin, source, id, now, 1));
    }
}
