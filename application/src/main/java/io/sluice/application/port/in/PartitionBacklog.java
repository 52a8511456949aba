package io.sluice.application.port.in;

/**
 * The records waiting in one partition of a partitioned buffer (Kafka: the consumer group's lag
 * on one partition of the events topic, its log end offset minus the group's committed offset).
 * Immutable.
 *
 * @param partition the partition number, from 0
 * @param records   records appended to it and not yet consumed, 0 or more
 */
public record PartitionBacklog(int partition, long records) {
    public PartitionBacklog {
        if (partition < 0) {
            throw new IllegalArgumentException("partitions are numbered from 0");
        }
        if (records < 0) {
            throw new IllegalArgumentException("a backlog is 0 or more records");
        }
    }
}
