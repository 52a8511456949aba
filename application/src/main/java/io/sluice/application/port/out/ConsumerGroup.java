package io.sluice.application.port.out;

import java.util.Objects;

/** The name under which consumers share the buffer and store their positions. Immutable. */
public record ConsumerGroup(String value) {
    public ConsumerGroup {
        Objects.requireNonNull(value, "value");
        if (value.isEmpty() || value.length() > 200) {
            throw new IllegalArgumentException("a consumer group name has 1 to 200 characters");
        }
    }
}
