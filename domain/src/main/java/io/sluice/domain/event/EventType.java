package io.sluice.domain.event;

import java.util.Objects;

/**
 * What happened, for example {@code page_view} or Segment's {@code Order Completed}: 1 to 100
 * printable characters. Aggregates are kept per event type. Immutable and thread-safe.
 */
public record EventType(String value) {

    public static final int MAX_LENGTH = 100;

    public EventType {
        Objects.requireNonNull(value, "value");
        if (value.isEmpty() || value.length() > MAX_LENGTH || !TextRules.isPrintable(value)) {
            throw new IllegalArgumentException("an event type has 1 to " + MAX_LENGTH + " printable characters");
        }
    }

    @Override
    public String toString() {
        return value;
    }
}
