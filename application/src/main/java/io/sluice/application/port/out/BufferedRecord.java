package io.sluice.application.port.out;

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

    /**
     * @param encodedProperties the JSON text of the event's properties as the client sent it, in
     *                          UTF-8, or {@code null} when not known: a buffer may write it instead
     *                          of encoding the properties again (at ingress, encoding them cost more
     *                          than parsing them). The caller vouches that it parses to the event's
     *                          properties and hands the array over, never to be modified. It is not
     *                          part of the value: two records of equal events are equal.
     */
    record EventRecord(Event event, byte[] encodedProperties) implements BufferedRecord {
        public EventRecord {
            Objects.requireNonNull(event, "event");
        }

        /** A record whose properties are encoded from the event's values. */
        public EventRecord(Event event) {
            this(event, null);
        }

        @Override
        public boolean equals(Object other) {
            return other instanceof EventRecord that && event.equals(that.event);
        }

        @Override
        public int hashCode() {
            return event.hashCode();
        }

        @Override
        public String toString() {
            return "EventRecord[event=" + event + "]";
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
