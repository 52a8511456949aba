package io.sluice.adapters.http;

import io.sluice.application.port.in.EventQuery;
import io.sluice.application.port.in.QueryEventsUseCase;
import io.sluice.application.port.in.StoredEvent;
import io.sluice.application.port.out.StoreUnavailableException;
import io.sluice.domain.event.EventId;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;

/** Stored events in memory, answering queries as the store would (newest sequence first). Thread-safe. */
final class InMemoryEvents implements QueryEventsUseCase {

    private final List<StoredEvent> stored = new ArrayList<>();
    private final List<EventQuery> queries = new ArrayList<>();
    private boolean down;

    synchronized void store(StoredEvent event) {
        stored.add(event);
    }

    synchronized void goDown() {
        down = true;
    }

    synchronized List<EventQuery> queries() {
        return List.copyOf(queries);
    }

    @Override
    public synchronized List<StoredEvent> find(EventQuery query) {
        checkUp();
        queries.add(query);
        return stored.stream()
                .filter(e -> query.type() == null || e.event().type().equals(query.type()))
                .filter(e -> query.user() == null || e.event().user().equals(query.user()))
                .filter(e -> query.from() == null || !e.event().timestamp().isBefore(query.from()))
                .filter(e -> query.to() == null || e.event().timestamp().isBefore(query.to()))
                .filter(e -> query.beforeSequence() == null || e.sequence() < query.beforeSequence())
                .sorted(Comparator.comparingLong(StoredEvent::sequence).reversed())
                .limit(query.limit())
                .toList();
    }

    @Override
    public synchronized Optional<StoredEvent> findById(EventId id) {
        checkUp();
        return stored.stream().filter(e -> e.event().id().equals(id)).findFirst();
    }

    private void checkUp() {
        if (down) {
            throw new StoreUnavailableException("connection refused", null);
        }
    }
}
