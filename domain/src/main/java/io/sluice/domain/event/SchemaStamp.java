package io.sluice.domain.event;

import java.util.List;

/**
 * What an event's schema check found, stored with the event: the version of its type's schema it
 * was validated against ({@code null} when none was: no schema, or enforcement {@code off}), and
 * the violations it was stored with anyway (enforcement {@code warn}). Immutable and thread-safe.
 *
 * @param version    the schema version, or {@code null}
 * @param violations empty unless stored in spite of them
 */
public record SchemaStamp(Integer version, List<SchemaViolation> violations) {

    /** Not validated against any schema. */
    public static final SchemaStamp NONE = new SchemaStamp(null, List.of());

    public SchemaStamp {
        violations = List.copyOf(violations);
        if (version != null && version < 1) {
            throw new IllegalArgumentException("schema versions start at 1");
        }
    }

    public boolean flagged() {
        return !violations.isEmpty();
    }
}
