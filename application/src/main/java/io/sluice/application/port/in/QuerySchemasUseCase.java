package io.sluice.application.port.in;

import io.sluice.domain.event.EventType;
import java.util.List;
import java.util.Optional;

/** Reads the schema registry (the latest state in the database, not this instance's cache). Thread-safe. */
public interface QuerySchemasUseCase {

    /** Every registered type's latest version and modes. */
    List<ActiveSchema> list();

    /** One type's latest version and modes, with all its version numbers. */
    Optional<SchemaDetails> find(EventType type);

    /** One version's document. */
    Optional<String> version(EventType type, int version);

    /** A type's latest schema with the versions it has had. */
    record SchemaDetails(ActiveSchema latest, List<Integer> versions) {
        public SchemaDetails {
            versions = List.copyOf(versions);
        }
    }
}
