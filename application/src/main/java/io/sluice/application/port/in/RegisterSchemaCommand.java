package io.sluice.application.port.in;

import io.sluice.domain.event.EventType;
import io.sluice.domain.schema.CompatibilityMode;
import io.sluice.domain.schema.Enforcement;
import java.util.Objects;

/**
 * Register (or re-register) an event type's schema and modes.
 *
 * @param type          the event type
 * @param document      the JSON Schema (2020-12) of the event's properties, as JSON text
 * @param compatibility the mode this and later versions are checked under
 * @param enforcement   what happens to events that break it
 * @param origin        {@code api} or {@code directory} (the start-up loader)
 */
public record RegisterSchemaCommand(EventType type, String document, CompatibilityMode compatibility, Enforcement enforcement,
                                    String origin) {
    public static final String API = "api";
    public static final String DIRECTORY = "directory";

    public RegisterSchemaCommand {
        Objects.requireNonNull(type, "type");
        Objects.requireNonNull(document, "document");
        Objects.requireNonNull(compatibility, "compatibility");
        Objects.requireNonNull(enforcement, "enforcement");
        if (!API.equals(origin) && !DIRECTORY.equals(origin)) {
            throw new IllegalArgumentException("origin is api or directory");
        }
    }
}
