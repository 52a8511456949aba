package io.sluice.adapters.chronicle;

import io.sluice.application.port.out.ConsumerGroup;
import io.sluice.application.port.out.LoadConsumerPositionsPort;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/** An in-memory stand-in for the store's position table: what the consumer would have committed. */
final class StoredPositions implements LoadConsumerPositionsPort {

    private final Map<String, Long> next = new ConcurrentHashMap<>();

    static StoredPositions none() {
        return new StoredPositions();
    }

    StoredPositions at(String stream, long position) {
        next.put(stream, position);
        return this;
    }

    @Override
    public Map<Integer, Long> load(ConsumerGroup group, String stream) {
        Long position = next.get(stream);
        return position == null ? Map.of() : Map.of(0, position);
    }
}
