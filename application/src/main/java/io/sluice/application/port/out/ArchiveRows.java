package io.sluice.application.port.out;

import java.util.function.Consumer;

/**
 * Rows handed from one side of the archive to the other without holding a whole day in memory:
 * the producer pushes each row (values in the order of the columns) into the sink.
 */
@FunctionalInterface
public interface ArchiveRows {

    /** @return how many rows were pushed */
    long forEach(Consumer<Object[]> sink);
}
