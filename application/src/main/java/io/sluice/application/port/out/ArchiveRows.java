package io.sluice.application.port.out;

import java.util.Objects;
import java.util.function.Consumer;
import java.util.function.ToLongFunction;

/**
 * Rows handed from one side of the archive to the other without holding a whole day in memory:
 * the producer pushes each row (values in the order of the columns) into the sink when asked.
 */
public final class ArchiveRows {

    private final ToLongFunction<Consumer<Object[]>> producer;

    private ArchiveRows(ToLongFunction<Consumer<Object[]>> producer) {
        this.producer = Objects.requireNonNull(producer, "producer");
    }

    /** @param producer pushes every row into the sink it is given and returns how many it pushed */
    public static ArchiveRows of(ToLongFunction<Consumer<Object[]>> producer) {
        return new ArchiveRows(producer);
    }

    /** @return how many rows were pushed */
    public long forEach(Consumer<Object[]> sink) {
        return producer.applyAsLong(sink);
    }
}
