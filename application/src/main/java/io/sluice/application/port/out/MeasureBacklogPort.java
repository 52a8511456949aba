package io.sluice.application.port.out;

import io.sluice.application.port.in.PartitionBacklog;
import java.util.List;

/** How many records wait in the buffer, not yet stored. Safe for concurrent use. */
public interface MeasureBacklogPort {

    /** The records appended but not yet consumed, or -1 when the buffer cannot tell right now. */
    long backlog();

    /**
     * The same per partition, by partition number, for a buffer split into partitions that are
     * consumed apart (Kafka); empty for a buffer of one stream (Chronicle) and when the buffer
     * cannot tell right now.
     */
    default List<PartitionBacklog> backlogByPartition() {
        return List.of();
    }
}
