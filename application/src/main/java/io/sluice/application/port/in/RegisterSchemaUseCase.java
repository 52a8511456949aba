package io.sluice.application.port.in;

/**
 * Adds a version of an event type's schema after checking it under the compatibility mode, or
 * changes only the modes when the schema is the latest one already. Thread-safe.
 */
public interface RegisterSchemaUseCase {

    SchemaRegistration register(RegisterSchemaCommand command);
}
