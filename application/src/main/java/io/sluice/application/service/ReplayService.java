package io.sluice.application.service;

import io.sluice.application.port.in.DeadLetterQuery;
import io.sluice.application.port.in.ReplayDeadLettersUseCase;
import io.sluice.application.port.in.ReplayReport;
import io.sluice.application.port.out.AppendToBufferPort;
import io.sluice.application.port.out.ClaimDeadLettersPort;
import io.sluice.application.port.out.ReplayCandidate;
import io.sluice.domain.event.Event;
import io.sluice.domain.event.EventDraft;
import io.sluice.domain.event.EventRules;
import io.sluice.domain.event.EventSource;
import io.sluice.domain.event.Validated;
import io.sluice.domain.metric.MetricDraft;
import io.sluice.domain.metric.MetricRules;
import io.sluice.domain.metric.MetricSample;
import io.sluice.application.port.out.BufferedRecord;
import io.sluice.application.port.out.RecordDraft;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.random.RandomGenerator;

/**
 * Replays dead letters through the normal path: validation, buffer, consumer. An item that had
 * no id gets {@code dl-<dead letter id>}, so replaying it twice cannot store it twice. Each call
 * replays only the dead letters it holds ({@link ClaimDeadLettersPort}), so concurrent calls never
 * append, or report, one dead letter twice. Thread-safe.
 */
public final class ReplayService implements ReplayDeadLettersUseCase {

    private final ClaimDeadLettersPort claims;
    private final AppendToBufferPort buffer;
    private final Clock clock;
    private final EventRules eventRules;
    private final MetricRules metricRules;
    private final SchemaGate schemas;

    public ReplayService(ClaimDeadLettersPort claims, AppendToBufferPort buffer, Clock clock, RandomGenerator random) {
        this(claims, buffer, clock, random, SchemaGate.open());
    }

    public ReplayService(ClaimDeadLettersPort claims, AppendToBufferPort buffer, Clock clock, RandomGenerator random,
                         SchemaGate schemas) {
        this.schemas = schemas;
        this.claims = claims;
        this.buffer = buffer;
        this.clock = clock;
        this.eventRules = new EventRules(random);
        this.metricRules = new MetricRules(random);
    }

    /**
     * Replays up to {@code query.limit()} pending dead letters in chunks the store bounds in bytes
     * ({@link DeadLetterQuery#PAGE_PAYLOAD_BYTES}): each chunk is held, appended and marked before
     * the next is read, so replaying many large payloads never holds more than one chunk in memory.
     */
    @Override
    public ReplayReport replay(DeadLetterQuery query) {
        DeadLetterQuery chunk = new DeadLetterQuery(query.reason(), query.source(), query.from(), query.to(), false,
                query.beforeId(), query.limit());
        List<ReplayReport.Replayed> replayed = new ArrayList<>();
        List<ReplayReport.StillBad> stillBad = new ArrayList<>();
        int remaining = query.limit();
        while (remaining > 0) {
            Run run = new Run(clock.instant());
            claims.replayPending(chunk, run.now, run);
            if (run.held == 0) {
                break;
            }
            ReplayReport done = run.report();
            replayed.addAll(done.replayed());
            stillBad.addAll(done.stillBad());
            remaining -= run.held;
            if (remaining > 0) {
                chunk = chunk.below(run.lowestHeld, remaining);
            }
        }
        return new ReplayReport(replayed, stillBad);
    }

    @Override
    public ReplayReport replayOne(long id) {
        Run run = new Run(clock.instant());
        claims.replayPendingOne(id, run.now, run);
        return run.report();
    }

    /** One replay over the dead letters it holds; what it reports is what it did. */
    private final class Run implements java.util.function.Function<List<ReplayCandidate>, Map<Long, String>> {
        private final Instant now;
        private final Map<Long, String> replayedIds = new LinkedHashMap<>();
        private final List<ReplayReport.StillBad> stillBad = new ArrayList<>();
        /** How many dead letters the store handed to this run, and the lowest id among them: where the next chunk starts. */
        private int held;
        private long lowestHeld = Long.MAX_VALUE;

        private Run(Instant now) {
            this.now = now;
        }

        @Override
        public Map<Long, String> apply(List<ReplayCandidate> held) {
            replayedIds.clear();
            stillBad.clear();
            this.held = held.size();
            for (ReplayCandidate candidate : held) {
                lowestHeld = Math.min(lowestHeld, candidate.stored().id());
            }
            appendValid(held, now, replayedIds, stillBad);
            return replayedIds;
        }

        private ReplayReport report() {
            List<ReplayReport.Replayed> replayed = new ArrayList<>(replayedIds.size());
            replayedIds.forEach((dl, itemId) -> replayed.add(new ReplayReport.Replayed(dl, itemId)));
            return new ReplayReport(replayed, stillBad);
        }
    }

    private void appendValid(List<ReplayCandidate> candidates, Instant now, Map<Long, String> replayedIds,
                             List<ReplayReport.StillBad> stillBad) {
        List<BufferedRecord> records = new ArrayList<>();
        for (ReplayCandidate candidate : candidates) {
            long id = candidate.stored().id();
            String stableId = "dl-" + id;
            RecordDraft draft = candidate.draft();
            if (draft instanceof RecordDraft.OfEvent ofEvent) {
                EventDraft d = ofEvent.draft();
                EventDraft withId = new EventDraft(d.eventId() == null ? stableId : d.eventId(), d.eventType(), d.userId(),
                        d.sessionId(), d.timestamp(), d.durationSeconds(), d.properties(), d.eventData(), d.propertiesBytes(),
                        candidate.stored().letter().failedAt(), EventSource.REPLAY, d.encodedProperties());
                Validated<Event> validated = eventRules.validate(withId, now);
                SchemaGate.Decision decision = validated instanceof Validated.Valid<Event> valid ? schemas.check(valid.value()) : null;
                if (decision instanceof SchemaGate.Passed passed) {
                    records.add(new BufferedRecord.EventRecord(passed.event()));
                    replayedIds.put(id, passed.event().id().value());
                } else if (decision instanceof SchemaGate.Refused refused) {
                    stillBad.add(new ReplayReport.StillBad(id, refused.detail()));
                } else {
                    stillBad.add(new ReplayReport.StillBad(id, ((Validated.Invalid<Event>) validated).reason()));
                }
            } else if (draft instanceof RecordDraft.OfMetric ofMetric) {
                MetricDraft d = ofMetric.draft();
                MetricDraft withId = new MetricDraft(stableId, d.name(), d.value(), d.timestamp(), d.labels(),
                        candidate.stored().letter().failedAt());
                Validated<MetricSample> validated = metricRules.validate(withId, now);
                if (validated instanceof Validated.Valid<MetricSample> valid) {
                    records.add(new BufferedRecord.MetricRecord(valid.value()));
                    replayedIds.put(id, valid.value().id());
                } else {
                    stillBad.add(new ReplayReport.StillBad(id, ((Validated.Invalid<MetricSample>) validated).reason()));
                }
            } else if (draft instanceof RecordDraft.Unreadable unreadable) {
                stillBad.add(new ReplayReport.StillBad(id, unreadable.reason()));
            } else {
                stillBad.add(new ReplayReport.StillBad(id, "a dead letter's payload is itself a dead letter"));
            }
        }
        if (!records.isEmpty()) {
            buffer.append(records);
        }
    }
}
