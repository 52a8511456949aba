package io.sluice.domain.record;

import io.sluice.domain.deadletter.DeadLetter;
import io.sluice.domain.event.Event;
import io.sluice.domain.metric.MetricSample;
import java.util.Objects;

/**
 * What ingress appends to the buffer: a validated event, a validated metric sample, or an item
 * that failed validation at ingress and travels to the dead-letter store the same durable way,
 * so that ingress never needs the database. Immutable and thread-safe.
 */
public sealed interface BufferedRecord permits BufferedRecord.EventRecord, BufferedRecord.MetricRecord, BufferedRecord.RejectedRecord {

    /** The key that keeps related records in order in a partitioned buffer (the user id for events). */
    String orderingKey();

    record EventRecord(Event event) implements BufferedRecord {
        public EventRecord {
            Objects.requireNonNull(event, "event");
        }

        @Override
        public String orderingKey() {
            return event.user().value();
        }
    }

    record MetricRecord(MetricSample sample) implements BufferedRecord {
        public MetricRecord {
            Objects.requireNonNull(sample, "sample");
        }

        @Override
        public String orderingKey() {
            return sample.name().value();
        }
    }

    record RejectedRecord(DeadLetter deadLetter) implements BufferedRecord {
        public RejectedRecord {
            Objects.requireNonNull(deadLetter, "deadLetter");
        }

        @Override
        public String orderingKey() {
            return deadLetter.origin();
        }
    }
}
