package io.sluice.application.service;

import io.sluice.application.port.out.ReadRecord;
import io.sluice.application.port.out.RecordDraft;
import io.sluice.domain.deadletter.DeadLetterKey;
import io.sluice.domain.deadletter.DeadLetterReason;
import io.sluice.domain.event.Enrichment;
import io.sluice.domain.event.Event;
import io.sluice.domain.event.EventDraft;
import io.sluice.domain.event.EventSource;
import io.sluice.domain.metric.MetricDraft;
import io.sluice.domain.metric.MetricSample;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.List;
import java.util.Objects;
import java.util.UUID;

/**
 * Turns the records of one consumer batch into what the store takes: each record is checked
 * again ({@link Admission}; foreign producers never passed ingress), events are enriched, and
 * whatever fails becomes a dead letter known by its position in the buffer. Thread-safe if the
 * admission's random generator is; the consumer uses it from its one thread.
 */
final class BatchPreparation {

    private final Admission admission;
    private final Enrichment enrichment;

    BatchPreparation(Admission admission, Enrichment enrichment) {
        this.admission = Objects.requireNonNull(admission, "admission");
        this.enrichment = Objects.requireNonNull(enrichment, "enrichment");
    }

    PreparedBatch prepare(List<ReadRecord> records, Instant now) {
        PreparedBatch prepared = new PreparedBatch(records.size());
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
        return prepared;
    }

    private void prepare(ReadRecord record, PreparedBatch prepared, Instant now) {
        RecordDraft draft = record.draft();
        if (draft instanceof RecordDraft.OfEvent ofEvent) {
            // Ingress checked Sluice's own records and stamped them; a foreign producer's record is checked here.
            Admission.Verdict<Event> verdict = admission.event(withStableId(ofEvent.draft(), record), ofEvent.schema(), now);
            if (verdict instanceof Admission.Admitted<Event> admitted) {
                prepared.addEvent(enrichment.apply(admitted.value()), record);
            } else {
                Admission.Refused<Event> refused = (Admission.Refused<Event>) verdict;
                prepared.deadLetter(record, refused.reason(), refused.detail(), ofEvent.draft().source(), ofEvent.draft().eventId(), now);
            }
        } else if (draft instanceof RecordDraft.OfMetric ofMetric) {
            Admission.Verdict<MetricSample> verdict = admission.metric(withStableId(ofMetric.draft(), record), now);
            if (verdict instanceof Admission.Admitted<MetricSample> admitted) {
                prepared.addSample(admitted.value(), record);
            } else {
                Admission.Refused<MetricSample> refused = (Admission.Refused<MetricSample>) verdict;
                prepared.deadLetter(record, refused.reason(), refused.detail(), EventSource.FOREIGN_PRODUCER, null, now);
            }
        } else if (draft instanceof RecordDraft.OfDeadLetter ofDeadLetter) {
            // Set aside at the door and buffered with its request: its position in the buffer makes it this dead letter.
            prepared.addDeadLetter(ofDeadLetter.deadLetter().withKey(DeadLetterKey.atBufferPosition(record.origin(), record.raw())));
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
    private static EventDraft withStableId(EventDraft draft, ReadRecord record) {
        return draft.eventId() != null ? draft : draft.withId(stableId(record));
    }

    /** The same for metric samples, which are deduplicated by id too. */
    private static MetricDraft withStableId(MetricDraft draft, ReadRecord record) {
        return draft.id() != null ? draft : draft.withId(stableId(record));
    }

    private static String stableId(ReadRecord record) {
        return UUID.nameUUIDFromBytes(("sluice-buffer:" + record.origin()).getBytes(StandardCharsets.UTF_8)).toString();
    }
}
