package io.sluice.domain.schema;

import java.util.Locale;

/** What happens to events of a type that has no registered schema ({@code SLUICE_UNKNOWN_EVENT_TYPES}). */
public enum UnknownEventTypes {
    /** Stored as today, unflagged (the default: registering schemas is opt-in per type). */
    ALLOW,
    /** Stored, flagged with a violation saying that no schema is registered, and counted. */
    WARN,
    /** Refused and dead-lettered with reason {@code schema}: only planned event types get in. */
    BLOCK;

    public String label() {
        return name().toLowerCase(Locale.ROOT);
    }

    public static UnknownEventTypes fromLabel(String label) {
        for (UnknownEventTypes policy : values()) {
            if (policy.label().equals(label)) {
                return policy;
            }
        }
        throw new IllegalArgumentException("unknown event types policy is one of allow, warn, block (got '" + label + "')");
    }
}
