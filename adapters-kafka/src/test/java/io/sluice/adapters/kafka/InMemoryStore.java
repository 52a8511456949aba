package io.sluice.adapters.kafka;

import io.sluice.application.port.out.BufferPosition;
import io.sluice.application.port.out.ConsumerGroup;
import io.sluice.application.port.out.ConsumerPositions;
import io.sluice.application.port.out.LoadConsumerPositionsPort;
import io.sluice.application.port.out.Offset;
import io.sluice.application.port.out.StorableBatch;
import io.sluice.application.port.out.StoreBatchPort;
import io.sluice.application.port.out.StoreReport;
import io.sluice.application.port.out.StoreUnavailableException;
import io.sluice.application.port.out.StreamName;
import io.sluice.domain.deadletter.DeadLetter;
import io.sluice.domain.event.Event;
import io.sluice.domain.event.EventId;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The store as the adapter sees it, in memory: positions only move forward, events are
 * deduplicated by id, dead letters are kept; {@link #down(boolean)} makes it unavailable.
 * Thread-safe (one lock).
 */
final class InMemoryStore implements StoreBatchPort, LoadConsumerPositionsPort {

    private final Map<String, Map<Integer, Long>> positions = new HashMap<>();
    private final Map<EventId, Event> events = new LinkedHashMap<>();
    private final List<DeadLetter> deadLetters = new ArrayList<>();
    private boolean down;
    private int loads;

    synchronized void down(boolean isDown) {
        this.down = isDown;
    }

    /** Sets the stored position of a partition directly, as an earlier run would have. */
    synchronized void storePosition(ConsumerGroup group, String stream, int partition, long next) {
        positions.computeIfAbsent(group.value() + "|" + stream, k -> new HashMap<>()).merge(partition, next, Math::max);
    }

    synchronized void storePositions(ConsumerGroup group, List<BufferPosition> after) {
        for (BufferPosition position : after) {
            storePosition(group, position.stream().value(), position.partition(), position.next().value());
        }
    }

    @Override
    public synchronized ConsumerPositions load(ConsumerGroup group, StreamName stream) {
        loads++;
        if (down) {
            throw new StoreUnavailableException("store down (test)", null);
        }
        List<BufferPosition> committed = new ArrayList<>();
        positions.getOrDefault(group.value() + "|" + stream.value(), Map.of())
                .forEach((partition, next) -> committed.add(new BufferPosition(stream, partition, new Offset(next))));
        return new ConsumerPositions(stream, committed);
    }

    @Override
    public synchronized StoreReport store(StorableBatch batch) {
        if (down) {
            throw new StoreUnavailableException("store down (test)", null);
        }
        int stored = 0;
        for (Event event : batch.events()) {
            if (events.putIfAbsent(event.id(), event) == null) {
                stored++;
            }
        }
        deadLetters.addAll(batch.deadLetters());
        storePositions(batch.group(), batch.positions());
        return new StoreReport(stored, batch.events().size() - stored, 0, batch.deadLetters().size());
    }

    synchronized Map<Integer, Long> positions(ConsumerGroup group, String stream) {
        return Map.copyOf(positions.getOrDefault(group.value() + "|" + stream, Map.of()));
    }

    synchronized List<Event> events() {
        return List.copyOf(events.values());
    }

    synchronized List<DeadLetter> deadLetters() {
        return List.copyOf(deadLetters);
    }

    synchronized int loads() {
        return loads;
    }
}
