package io.sluice.application.port.out;

import io.sluice.application.port.in.ActiveSchema;
import io.sluice.domain.event.EventType;
import java.util.List;
import java.util.Optional;

/**
 * Reads the schema registry. Implementations are safe for concurrent use.
 *
 * @throws StoreUnavailableException from every method when the registry cannot be read
 */
public interface LoadSchemasPort {

    /** A number that changes whenever any schema, mode or enforcement changes; cheap to read every second. */
    long changeMarker();

    /** The latest version of every registered event type. */
    List<ActiveSchema> loadActive();

    /** The latest version of one type, if registered. */
    Optional<ActiveSchema> loadActive(EventType type);

    /** The version numbers of a type, ascending (empty when not registered). */
    List<Integer> versions(EventType type);

    /** One version's document as registered. */
    Optional<String> loadVersion(EventType type, int version);
}
