package io.sluice.application.port.out;

import io.sluice.domain.schema.SchemaShape;

/**
 * Reads a JSON Schema document (2020-12) for an event's properties: checks that it is a valid
 * schema and translates it into the shape the compatibility check understands. Thread-safe.
 */
public interface ReadSchemaPort {

    /**
     * @param document the JSON text
     * @throws InvalidSchemaException when it is not JSON, not a valid JSON Schema, or not a schema of an object
     */
    ReadSchema read(String document);

    /**
     * A document as understood.
     *
     * @param shape     the constraints the compatibility check compares
     * @param canonical the document as canonical JSON (sorted keys, no spaces): equal texts are the same schema
     */
    record ReadSchema(SchemaShape shape, String canonical) {
    }
}
