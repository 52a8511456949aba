package io.sluice.application.port.out;

import io.sluice.application.port.in.EventQuery;
import io.sluice.application.port.in.StoredEvent;
import io.sluice.domain.event.EventId;
import java.util.List;
import java.util.Optional;

/** Reads stored events. Safe for concurrent use. Throws {@link StoreUnavailableException} when the store is down. */
public interface LoadEventsPort {

    /** Events matching the query, newest stored first. */
    List<StoredEvent> find(EventQuery query);

    Optional<StoredEvent> findById(EventId id);
}
