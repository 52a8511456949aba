package io.sluice.domain.event;

import java.util.Objects;

/**
 * Where an event entered Sluice: a route family ({@code native}, {@code track}, {@code segment}),
 * a foreign Kafka producer ({@code kafka}), a dead-letter replay ({@code replay}), or the name of
 * the write key's source. Kept with every stored event. Immutable and thread-safe.
 */
public record EventSource(String value) {

    public static final EventSource NATIVE = new EventSource("native");
    public static final EventSource FOREIGN_PRODUCER = new EventSource("kafka");
    public static final EventSource REPLAY = new EventSource("replay");

    public EventSource {
        Objects.requireNonNull(value, "value");
        if (value.isEmpty() || value.length() > 100) {
            throw new IllegalArgumentException("a source name has 1 to 100 characters");
        }
    }

    @Override
    public String toString() {
        return value;
    }
}
