package io.sluice.application.service;

import io.sluice.application.port.in.DeadLetterQuery;
import io.sluice.application.port.in.ReplayDeadLettersUseCase;
import io.sluice.application.port.in.ReplayOutcome;
import io.sluice.application.port.in.ReplayReport;
import io.sluice.application.port.in.StoredDeadLetter;
import io.sluice.application.port.out.AppendToBufferPort;
import io.sluice.application.port.out.ClaimDeadLettersPort;
import io.sluice.application.port.out.LoadDeadLettersPort;
import io.sluice.application.port.out.ReplayCandidate;
import io.sluice.domain.event.Event;
import io.sluice.domain.event.EventDraft;
import io.sluice.domain.event.EventSource;
import io.sluice.domain.metric.MetricSample;
import io.sluice.application.port.out.BufferedRecord;
import io.sluice.application.port.out.RecordDraft;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import java.util.random.RandomGenerator;

/**
 * Replays dead letters through the normal path: validation, buffer, consumer. An item that had
 * no id gets {@code dl-<dead letter id>}, so replaying it twice cannot store it twice. Each call
 * replays only the dead letters it holds ({@link ClaimDeadLettersPort}), so concurrent calls never
 * append, or report, one dead letter twice. Thread-safe.
 */
public final class ReplayService implements ReplayDeadLettersUseCase {

    private final ClaimDeadLettersPort claims;
    private final LoadDeadLettersPort letters;
    private final AppendToBufferPort buffer;
    private final Clock clock;
    private final Admission admission;

    public ReplayService(ClaimDeadLettersPort claims, LoadDeadLettersPort letters, AppendToBufferPort buffer, Clock clock,
                         RandomGenerator random) {
        this(claims, letters, buffer, clock, random, SchemaGate.open());
    }

    public ReplayService(ClaimDeadLettersPort claims, LoadDeadLettersPort letters, AppendToBufferPort buffer, Clock clock,
                         RandomGenerator random, SchemaGate schemas) {
        this.claims = claims;
        this.letters = letters;
        this.buffer = buffer;
        this.clock = clock;
        this.admission = new Admission(random, schemas);
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
        List<ReplayOutcome.Replayed> replayed = new ArrayList<>();
        List<ReplayOutcome.StillInvalid> stillInvalid = new ArrayList<>();
        int remaining = query.limit();
        while (remaining > 0) {
            Run run = new Run(clock.instant());
            claims.replayPending(chunk, run.now, run);
            if (run.held == 0) {
                break;
            }
            ReplayReport done = run.report();
            replayed.addAll(done.replayed());
            stillInvalid.addAll(done.stillInvalid());
            remaining -= run.held;
            if (remaining > 0) {
                chunk = chunk.below(run.lowestHeld, remaining);
            }
        }
        return new ReplayReport(replayed, stillInvalid);
    }

    @Override
    public ReplayOutcome replayOne(long id) {
        StoredDeadLetter found = letters.findById(id).orElse(null);
        if (found == null) {
            return new ReplayOutcome.Unknown(id);
        }
        if (found.replayed()) {
            return new ReplayOutcome.AlreadyReplayed(found);
        }
        Run run = new Run(clock.instant());
        claims.replayPendingOne(id, run.now, run);
        ReplayReport report = run.report();
        if (!report.replayed().isEmpty()) {
            return report.replayed().get(0);
        }
        if (!report.stillInvalid().isEmpty()) {
            return report.stillInvalid().get(0);
        }
        // Replayed by a concurrent call between the lookup and the hold: say by whom it became what.
        return new ReplayOutcome.AlreadyReplayed(letters.findById(id).orElse(found));
    }

    /** One replay over the dead letters it holds; what it reports is what it did. */
    private final class Run implements Function<List<ReplayCandidate>, Map<Long, String>> {
        private final Instant now;
        private final Map<Long, String> replayedIds = new LinkedHashMap<>();
        private final List<ReplayOutcome.StillInvalid> stillInvalid = new ArrayList<>();
        /** How many dead letters the store handed to this run, and the lowest id among them: where the next chunk starts. */
        private int held;
        private long lowestHeld = Long.MAX_VALUE;

        private Run(Instant now) {
            this.now = now;
        }

        @Override
        public Map<Long, String> apply(List<ReplayCandidate> held) {
            replayedIds.clear();
            stillInvalid.clear();
            this.held = held.size();
            for (ReplayCandidate candidate : held) {
                lowestHeld = Math.min(lowestHeld, candidate.stored().id());
            }
            appendValid(held, now, replayedIds, stillInvalid);
            return replayedIds;
        }

        private ReplayReport report() {
            List<ReplayOutcome.Replayed> replayed = new ArrayList<>(replayedIds.size());
            replayedIds.forEach((dl, itemId) -> replayed.add(new ReplayOutcome.Replayed(dl, itemId)));
            return new ReplayReport(replayed, stillInvalid);
        }
    }

    private void appendValid(List<ReplayCandidate> candidates, Instant now, Map<Long, String> replayedIds,
                             List<ReplayOutcome.StillInvalid> stillInvalid) {
        List<BufferedRecord> records = new ArrayList<>();
        for (ReplayCandidate candidate : candidates) {
            long id = candidate.stored().id();
            String stableId = "dl-" + id;
            Instant failedAt = candidate.stored().letter().failedAt();
            RecordDraft draft = candidate.draft();
            if (draft instanceof RecordDraft.OfEvent ofEvent) {
                EventDraft d = ofEvent.draft();
                Admission.Verdict<Event> verdict = admission.event(
                        (d.eventId() == null ? d.withId(stableId) : d).withReceipt(failedAt, EventSource.REPLAY), now);
                if (verdict instanceof Admission.Admitted<Event> admitted) {
                    records.add(new BufferedRecord.EventRecord(admitted.value()));
                    replayedIds.put(id, admitted.value().id().value());
                } else {
                    stillInvalid.add(new ReplayOutcome.StillInvalid(id, ((Admission.Refused<Event>) verdict).detail()));
                }
            } else if (draft instanceof RecordDraft.OfMetric ofMetric) {
                Admission.Verdict<MetricSample> verdict = admission.metric(ofMetric.draft().withId(stableId).withReceivedAt(failedAt), now);
                if (verdict instanceof Admission.Admitted<MetricSample> admitted) {
                    records.add(new BufferedRecord.MetricRecord(admitted.value()));
                    replayedIds.put(id, admitted.value().id());
                } else {
                    stillInvalid.add(new ReplayOutcome.StillInvalid(id, ((Admission.Refused<MetricSample>) verdict).detail()));
                }
            } else if (draft instanceof RecordDraft.Unreadable unreadable) {
                stillInvalid.add(new ReplayOutcome.StillInvalid(id, unreadable.reason()));
            } else {
                stillInvalid.add(new ReplayOutcome.StillInvalid(id, "a dead letter's payload is itself a dead letter"));
            }
        }
        if (!records.isEmpty()) {
            buffer.append(records);
        }
    }
}
