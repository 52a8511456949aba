package io.sluice.domain.metric;

import java.util.Objects;

/** The name of a measured quantity, for example {@code cpu_usage}: 1 to 255 printable characters. Immutable, thread-safe. */
public record MetricName(String value) {

    public static final int MAX_LENGTH = 255;

    public MetricName {
        Objects.requireNonNull(value, "value");
        if (value.isEmpty() || value.length() > MAX_LENGTH) {
            throw new IllegalArgumentException("a metric name has 1 to " + MAX_LENGTH + " characters");
        }
    }

    @Override
    public String toString() {
        return value;
    }
}
