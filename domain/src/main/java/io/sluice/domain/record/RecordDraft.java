package io.sluice.domain.record;

import io.sluice.domain.deadletter.DeadLetter;
import io.sluice.domain.event.EventDraft;
import io.sluice.domain.metric.MetricDraft;
import java.util.Objects;

/**
 * A buffer record as read back, before the consumer validates it again: an event draft, a metric
 * draft, a dead letter written by ingress, or something unreadable. Immutable and thread-safe.
 */
public sealed interface RecordDraft permits RecordDraft.OfEvent, RecordDraft.OfMetric, RecordDraft.OfDeadLetter, RecordDraft.Unreadable {

    record OfEvent(EventDraft draft) implements RecordDraft {
        public OfEvent {
            Objects.requireNonNull(draft, "draft");
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
