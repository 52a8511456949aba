package io.sluice.application.port.out;

import io.sluice.domain.deadletter.DeadLetter;
import io.sluice.domain.event.EventDraft;
import io.sluice.domain.metric.MetricDraft;
import java.util.Objects;

/**
 * A buffer record as read back, before the consumer validates it again: an event draft, a metric
 * draft, a dead letter written by ingress, or something unreadable. Immutable and thread-safe.
 */
public sealed interface RecordDraft permits RecordDraft.OfEvent, RecordDraft.OfMetric, RecordDraft.OfDeadLetter, RecordDraft.Unreadable {

    /**
     * @param schema what ingress's schema check found ({@link io.sluice.domain.event.SchemaStamp#NONE} when
     *               none applied), or {@code null} for a record that never passed Sluice's ingress (a foreign
     *               producer's, a dead letter's payload): its schema is still to be checked
     */
    record OfEvent(EventDraft draft, io.sluice.domain.event.SchemaStamp schema) implements RecordDraft {
        public OfEvent {
            Objects.requireNonNull(draft, "draft");
        }

        /** A record whose schema is still to be checked. */
        public OfEvent(EventDraft draft) {
            this(draft, null);
        }
    }

    record OfMetric(MetricDraft draft) implements RecordDraft {
        public OfMetric {
            Objects.requireNonNull(draft, "draft");
        }
    }

    record OfDeadLetter(DeadLetter deadLetter) implements RecordDraft {
        public OfDeadLetter {
            Objects.requireNonNull(deadLetter, "deadLetter");
        }
    }

    /** Not a record Sluice understands; {@code reason} says why. */
    record Unreadable(String reason) implements RecordDraft {
        public Unreadable {
            Objects.requireNonNull(reason, "reason");
        }
    }
}
