package io.sluice.domain.event;

import java.util.Objects;

/** The session an event happened in: 1 to 255 characters. Immutable and thread-safe. */
public record SessionId(String value) {

    public static final int MAX_LENGTH = 255;

    public SessionId {
        Objects.requireNonNull(value, "value");
        if (value.isEmpty() || value.length() > MAX_LENGTH) {
            throw new IllegalArgumentException("a session id has 1 to " + MAX_LENGTH + " characters");
        }
    }

    @Override
    public String toString() {
        return value;
    }
}
