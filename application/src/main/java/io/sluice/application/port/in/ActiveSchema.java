package io.sluice.application.port.in;

import io.sluice.domain.event.EventType;
import io.sluice.domain.schema.CompatibilityMode;
import io.sluice.domain.schema.Enforcement;
import java.util.Objects;

/**
 * The schema in force for an event type: its latest version and the type's modes. Immutable.
 *
 * @param type          the event type
 * @param version       the latest version number (1, 2, …)
 * @param document      the JSON Schema of the event's properties, as registered (opaque to the application)
 * @param compatibility the mode new versions are checked under
 * @param enforcement   what happens to events that break the schema
 * @param origin        {@code api}, or {@code directory} when loaded from the schema directory (changes go there)
 */
public record ActiveSchema(EventType type, int version, String document, CompatibilityMode compatibility, Enforcement enforcement,
                           String origin) {
    public ActiveSchema {
        Objects.requireNonNull(type, "type");
        Objects.requireNonNull(document, "document");
        Objects.requireNonNull(compatibility, "compatibility");
        Objects.requireNonNull(enforcement, "enforcement");
        Objects.requireNonNull(origin, "origin");
        if (version < 1) {
            throw new IllegalArgumentException("schema versions start at 1");
        }
    }
}
