package io.sluice.domain.deadletter;

import java.util.Locale;

/** Why a record was set aside instead of stored. */
public enum DeadLetterReason {
    /** Not readable at all: not JSON, not an object, an unknown envelope. */
    MALFORMED,
    /** Readable, but it broke the domain rules (a missing field, a bad timestamp…). */
    INVALID,
    /** Valid, but its type's registered JSON Schema (enforcement {@code block}) refused its properties. */
    SCHEMA,
    /** Valid, but storage refused it on every one of the allowed attempts. */
    RETRIES_EXHAUSTED;

    public String label() {
        return name().toLowerCase(Locale.ROOT);
    }

    public static DeadLetterReason fromLabel(String label) {
        for (DeadLetterReason reason : values()) {
            if (reason.label().equals(label)) {
                return reason;
            }
        }
        throw new IllegalArgumentException("reason is one of malformed, invalid, schema, retries_exhausted (got '" + label + "')");
    }
}
