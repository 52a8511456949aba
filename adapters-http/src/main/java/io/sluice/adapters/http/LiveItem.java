package io.sluice.adapters.http;

import io.sluice.domain.deadletter.DeadLetter;
import io.sluice.domain.event.Event;
import io.sluice.domain.metric.MetricSample;
import java.time.Instant;
import java.util.Objects;

/**
 * One line of the live view while it is being published: an event or metric sample as accepted or
 * stored, a refusal, or a notice about a whole batch. It refers to the domain object only for the
 * length of one publish call; what viewers queue is its {@link #frame()}, the finished SSE bytes,
 * so that a queued item keeps exactly those bytes alive and not the parsed event behind them.
 * Confined to the thread that publishes it.
 */
final class LiveItem {

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

    private final Status status;
    private final Instant at;
    private final Object value;
    private byte[] frame;

    /**
     * @param status what happened
     * @param at     when: the buffer's acknowledgement, or the store's commit
     * @param value  the {@link Event}, {@link MetricSample}, {@link DeadLetter} or notice text
     */
    LiveItem(Status status, Instant at, Object value) {
        this.status = Objects.requireNonNull(status, "status");
        this.at = Objects.requireNonNull(at, "at");
        this.value = Objects.requireNonNull(value, "value");
    }

    Status status() {
        return status;
    }

    Instant at() {
        return at;
    }

    Object value() {
        return value;
    }

    /**
     * The SSE frame, encoded on first use and then shared by every viewer that queues it: one
     * encoding per item however many viewers there are, and none when no viewer takes it.
     */
    byte[] frame() {
        if (frame == null) {
            frame = LiveFrames.frame(this);
        }
        return frame;
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
