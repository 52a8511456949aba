package io.sluice.adapters.chronicle;

import io.sluice.application.port.out.BufferPosition;
import io.sluice.application.port.out.ConsumerGroup;
import io.sluice.application.port.out.ConsumerPositions;
import io.sluice.application.port.out.LoadConsumerPositionsPort;
import io.sluice.application.port.out.Offset;
import io.sluice.application.port.out.StreamName;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.List;

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
    public ConsumerPositions load(ConsumerGroup group, StreamName stream) {
        Long position = next.get(stream.value());
        return position == null ? ConsumerPositions.none(stream)
                : new ConsumerPositions(stream, List.of(new BufferPosition(stream, 0, new Offset(position))));
    }
}
