package io.sluice.adapters.http;

import io.sluice.domain.deadletter.DeadLetter;
import io.sluice.domain.event.Event;
import io.sluice.domain.metric.MetricSample;
import java.time.Instant;

/**
 * One line of the live view: an event or metric sample as accepted or stored, a refusal, or a
 * notice about a whole batch. Refers to the domain objects instead of copying them, so that
 * publishing costs one small object per record; rendering happens on the viewer's thread.
 * Immutable.
 *
 * @param status what happened
 * @param at     when: the buffer's acknowledgement, or the store's commit
 * @param value  the {@link Event}, {@link MetricSample}, {@link DeadLetter} or notice text
 * @param encodedProperties the client's JSON text of an accepted event's properties, when ingress
 *               kept it (only its length is read: it sizes the item), or {@code null}
 */
record LiveItem(Status status, Instant at, Object value, byte[] encodedProperties) {

    LiveItem(Status status, Instant at, Object value) {
        this(status, at, value, null);
    }

    /** Fixed cost of an item in a viewer's queue besides its payload: the objects and references it keeps. */
    private static final int OVERHEAD_BYTES = 160;

    enum Status {
        ACCEPTED("accepted"), REJECTED("rejected"), STORED("stored"),
        /** A refusal, from ingress or the consumer, now in the dead-letter store (listed by the {@code rejected} filter). */
        DEAD_LETTERED("dead_lettered"),
        NOTICE("notice");

        private final String label;

        Status(String label) {
            this.label = label;
        }

        String label() {
            return label;
        }
    }

    /** The bytes this item keeps alive while queued, estimated without walking it. */
    long estimatedBytes() {
        if (value instanceof Event event) {
            return OVERHEAD_BYTES + (encodedProperties != null ? encodedProperties.length : 48L * event.properties().asMap().size());
        }
        if (value instanceof DeadLetter letter) {
            return OVERHEAD_BYTES + letter.payload().length + letter.detail().length();
        }
        return OVERHEAD_BYTES;
    }

    /** The event type, metric name, or {@code null}, for the {@code type} filter. */
    String type() {
        if (value instanceof Event event) {
            return event.type().value();
        }
        if (value instanceof MetricSample sample) {
            return sample.name().value();
        }
        return null;
    }

    String user() {
        return value instanceof Event event ? event.user().value() : null;
    }

    String source() {
        if (value instanceof Event event) {
            return event.source().value();
        }
        if (value instanceof DeadLetter letter) {
            return letter.source().value();
        }
        return null;
    }
}
