package io.sluice.application.port.out;

/**
 * A place in one partition of a buffer stream: a Kafka offset or a Chronicle index. A stored
 * position is the next one to read. Immutable.
 */
public record Offset(long value) {
    public Offset {
        if (value < 0) {
            throw new IllegalArgumentException("offsets are not negative: " + value);
        }
    }

    @Override
    public String toString() {
        return Long.toString(value);
    }
}
