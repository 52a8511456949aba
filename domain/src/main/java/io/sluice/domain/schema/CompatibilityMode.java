package io.sluice.domain.schema;

import java.util.Locale;

/**
 * Which events a new version of an event type's schema must keep accepting, checked against the
 * latest version whenever a version is added (Confluent's and Nakadi's vocabulary).
 */
public enum CompatibilityMode {
    /** Every event valid under the latest version is valid under the new one: producers need not change first. */
    BACKWARD,
    /** Every event valid under the new version is valid under the latest one: readers of the old version keep working. */
    FORWARD,
    /** Both. */
    FULL,
    /** No check: any valid JSON Schema becomes the next version. */
    NONE;

    public String label() {
        return name().toLowerCase(Locale.ROOT);
    }

    public static CompatibilityMode fromLabel(String label) {
        for (CompatibilityMode mode : values()) {
            if (mode.label().equals(label)) {
                return mode;
            }
        }
        throw new IllegalArgumentException("compatibility is one of backward, forward, full, none (got '" + label + "')");
    }
}
