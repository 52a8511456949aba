package io.sluice.domain.event;

import java.util.Objects;

/**
 * The identity of an event and its deduplication key: two events with the same id are the same
 * event, however often they are sent. 1 to 100 characters. Immutable and thread-safe.
 */
public record EventId(String value) implements Comparable<EventId> {

    public static final int MAX_LENGTH = 100;

    public EventId {
        Objects.requireNonNull(value, "value");
        if (value.isEmpty() || value.length() > MAX_LENGTH) {
            throw new IllegalArgumentException("an event id has 1 to " + MAX_LENGTH + " characters");
        }
    }

    @Override
    public int compareTo(EventId other) {
        return value.compareTo(other.value);
    }

    @Override
    public String toString() {
        return value;
    }
}
