package io.sluice.domain.event;

import java.util.Objects;

/**
 * One way an event's properties break its type's registered JSON Schema. Immutable and thread-safe.
 *
 * @param pointer  the JSON pointer of the offending value inside {@code properties} ({@code ""} for the object itself)
 * @param keyword  the schema keyword that failed ({@code minimum}, {@code required}, {@code type}…)
 * @param expected what the keyword expects, as JSON text ({@code 0}, {@code "currency"}, {@code "number"})
 * @param message  the validator's explanation, for a person
 */
public record SchemaViolation(String pointer, String keyword, String expected, String message) {

    public SchemaViolation {
        Objects.requireNonNull(pointer, "pointer");
        Objects.requireNonNull(keyword, "keyword");
        Objects.requireNonNull(expected, "expected");
        Objects.requireNonNull(message, "message");
    }

    /** As a rule violation of the event document: the field is the pointer under {@code properties}. */
    public Violation asViolation(String schemaName) {
        return new Violation("properties" + pointer, keyword + " (expected " + expected + "): " + message + " [" + schemaName + "]");
    }

    @Override
    public String toString() {
        return (pointer.isEmpty() ? "/" : pointer) + " " + keyword + " (expected " + expected + "): " + message;
    }
}
