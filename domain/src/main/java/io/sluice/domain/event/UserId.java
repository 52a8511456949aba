package io.sluice.domain.event;

import java.util.Objects;

/**
 * The user an event belongs to (or the anonymous id on Segment routes): 1 to 255 characters.
 * The buffer keeps one user's events in order. Immutable and thread-safe.
 */
public record UserId(String value) {

    public static final int MAX_LENGTH = 255;

    public UserId {
        Objects.requireNonNull(value, "value");
        if (value.isEmpty() || value.length() > MAX_LENGTH) {
            throw new IllegalArgumentException("a user id has 1 to " + MAX_LENGTH + " characters");
        }
    }

    @Override
    public String toString() {
        return value;
    }
}
