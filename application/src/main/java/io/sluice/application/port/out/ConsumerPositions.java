package io.sluice.application.port.out;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * Where a consumer group resumes in one stream: the position it committed in each partition,
 * ordered by partition; partitions never committed are absent. Immutable.
 */
public record ConsumerPositions(StreamName stream, List<BufferPosition> positions) {

    public ConsumerPositions {
        Objects.requireNonNull(stream, "stream");
        List<BufferPosition> ordered = new ArrayList<>(positions);
        ordered.sort(Comparator.comparingInt(BufferPosition::partition));
        for (int i = 0; i < ordered.size(); i++) {
            BufferPosition position = ordered.get(i);
            if (!position.stream().equals(stream)) {
                throw new IllegalArgumentException("a position of " + position.stream() + " among those of " + stream);
            }
            if (i > 0 && ordered.get(i - 1).partition() == position.partition()) {
                throw new IllegalArgumentException("partition " + position.partition() + " has one position, not two");
            }
        }
        positions = List.copyOf(ordered);
    }

    /** A group that never committed in {@code stream}. */
    public static ConsumerPositions none(StreamName stream) {
        return new ConsumerPositions(stream, List.of());
    }

    /** The next position to read in {@code partition}; empty when the group never committed there. */
    public Optional<Offset> nextIn(int partition) {
        for (BufferPosition position : positions) {
            if (position.partition() == partition) {
                return Optional.of(position.next());
            }
        }
        return Optional.empty();
    }
}
