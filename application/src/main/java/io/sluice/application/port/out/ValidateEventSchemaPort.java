package io.sluice.application.port.out;

import io.sluice.application.port.in.ActiveSchema;
import io.sluice.domain.event.EventProperties;
import io.sluice.domain.event.SchemaViolation;
import java.util.List;

/**
 * Validates an event's properties against one version of its type's schema. Each version is
 * compiled once and kept (keyed by type and version), never per event. Thread-safe; called on the
 * ingest path for every event of a type with enforcement {@code warn} or {@code block}.
 */
public interface ValidateEventSchemaPort {

    /** @return the violations, empty when the properties are valid */
    List<SchemaViolation> validate(ActiveSchema schema, EventProperties properties);
}
