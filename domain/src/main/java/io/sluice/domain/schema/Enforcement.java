package io.sluice.domain.schema;

import java.util.Locale;

/** What happens to an event that its type's schema refuses. */
public enum Enforcement {
    /** Not validated at all; stored events carry no schema version. */
    OFF,
    /** Stored, with the violations recorded on the event and counted. */
    WARN,
    /** Refused (per item) and kept as a dead letter with reason {@code schema}. */
    BLOCK;

    public String label() {
        return name().toLowerCase(Locale.ROOT);
    }

    public static Enforcement fromLabel(String label) {
        for (Enforcement enforcement : values()) {
            if (enforcement.label().equals(label)) {
                return enforcement;
            }
        }
        throw new IllegalArgumentException("enforcement is one of off, warn, block (got '" + label + "')");
    }
}
