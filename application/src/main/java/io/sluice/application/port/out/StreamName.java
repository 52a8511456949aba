package io.sluice.application.port.out;

/**
 * The name of a buffer stream: a Kafka topic, or the name a Chronicle queue's positions are stored
 * under. Immutable.
 */
public record StreamName(String value) {
    public StreamName {
        if (value == null || value.isEmpty()) {
            throw new IllegalArgumentException("a stream has a name");
        }
    }

    @Override
    public String toString() {
        return value;
    }
}
