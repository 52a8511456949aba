package io.sluice.application.port.in;

import io.sluice.domain.event.EventId;
import java.util.List;
import java.util.Optional;

/** Reads stored events. Thread-safe. */
public interface QueryEventsUseCase {

    /** Events matching the query, newest stored first; page on with the last sequence as cursor. */
    List<StoredEvent> find(EventQuery query);

    Optional<StoredEvent> findById(EventId id);
}
