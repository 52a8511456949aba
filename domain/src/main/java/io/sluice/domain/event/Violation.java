package io.sluice.domain.event;

import java.util.Objects;

/**
 * One broken rule of an incoming document: the field it concerns and what is wrong with it, in
 * words a client can act on. Immutable and thread-safe.
 *
 * @param field   the document field, as the client named it (for example {@code event_type})
 * @param message what is wrong, without repeating the field name
 */
public record Violation(String field, String message) {

    public Violation {
        Objects.requireNonNull(field, "field");
        Objects.requireNonNull(message, "message");
    }

    @Override
    public String toString() {
        return field + ": " + message;
    }
}
