package io.sluice.application.port.out;

import io.sluice.domain.schema.Enforcement;

/** Counts events that broke their type's schema, for metrics. Cheap and thread-safe. */
public interface ObserveSchemaViolationsPort {

    /** No metrics (tests, tools). */
    ObserveSchemaViolationsPort NONE = (eventType, enforcement) -> { };

    /**
     * @param eventType   the event type, or {@code (unregistered)} for types without a schema (bounded label values)
     * @param enforcement {@code warn} (stored and flagged) or {@code block} (refused)
     */
    void violated(String eventType, Enforcement enforcement);
}
