package io.sluice.application.port.out;

import io.sluice.application.port.in.ActiveSchema;

/**
 * Writes the schema registry; every write moves the {@link LoadSchemasPort#changeMarker()}.
 * Implementations are safe for concurrent use.
 */
public interface SaveSchemaPort {

    /**
     * Adds {@code schema.version()} as the type's latest version with its modes, atomically.
     *
     * @throws SchemaVersionTakenException when that version exists already (a concurrent registration won)
     * @throws StoreUnavailableException   when the registry cannot be written
     */
    void saveVersion(ActiveSchema schema);

    /** Changes a type's compatibility, enforcement and origin without adding a version. */
    void saveSettings(ActiveSchema schema);
}
