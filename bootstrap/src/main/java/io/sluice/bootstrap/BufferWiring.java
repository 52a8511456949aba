package io.sluice.bootstrap;

import io.dropwizard.lifecycle.Managed;
import io.sluice.adapters.chronicle.ChronicleBuffer;
import io.sluice.adapters.kafka.ClusterTooSmallException;
import io.sluice.adapters.kafka.KafkaBuffer;
import io.sluice.domain.privacy.PiiPolicy;
import io.sluice.application.port.out.AppendToBufferPort;
import io.sluice.application.port.out.ConsumerGroup;
import io.sluice.application.port.out.LoadConsumerPositionsPort;
import io.sluice.application.port.out.MeasureBacklogPort;
import io.sluice.application.port.out.ReadBufferPort;
import java.nio.file.Path;
import java.time.Clock;
import java.util.Map;
import java.util.function.Supplier;

/**
 * The buffer chosen by configuration, seen through the ports only: the rest of the wiring
 * cannot tell Kafka from Chronicle. Closing it closes the adapter.
 */
final class BufferWiring implements Managed {

    private final AppendToBufferPort append;
    private final MeasureBacklogPort backlog;
    private final Supplier<ReadBufferPort> readers;
    private final long backlogLimit;
    private final AutoCloseable adapter;
    private final Supplier<Map<Integer, Long>> lagByPartition;

    private BufferWiring(AppendToBufferPort append, MeasureBacklogPort backlog, Supplier<ReadBufferPort> readers,
                         long backlogLimit, AutoCloseable adapter, Supplier<Map<Integer, Long>> lagByPartition) {
        this.lagByPartition = lagByPartition;
        this.append = append;
        this.backlog = backlog;
        this.readers = readers;
        this.backlogLimit = backlogLimit;
        this.adapter = adapter;
    }

    static BufferWiring chronicle(ChronicleConfig config, Path directory, LoadConsumerPositionsPort positions,
                                  ConsumerGroup group, Clock clock) {
        ChronicleBuffer buffer = new ChronicleBuffer(config.settings(directory), positions, group, clock);
        return new BufferWiring(buffer, buffer, buffer::reader, config.maxBacklogRecords(), buffer, Map::of);
    }

    static BufferWiring kafka(KafkaConfig config, LoadConsumerPositionsPort positions, ConsumerGroup group, PiiPolicy pii) {
        KafkaBuffer buffer;
        try {
            buffer = KafkaBuffer.open(config.settings(group.value()), positions, group, pii);
        } catch (ClusterTooSmallException tooSmall) {
            throw new IllegalStateException(tooSmall.getMessage() + ". Set SLUICE_KAFKA_REPLICATION (kafka.replicationFactor) and "
                    + "SLUICE_KAFKA_MIN_INSYNC (kafka.minInsyncReplicas) to at most " + tooSmall.brokers() + ", or add brokers; "
                    + "config.yml's kafka.replicationFitsCluster (SLUICE_KAFKA_FIT_REPLICATION=true) fits the topics to a local "
                    + "cluster instead", tooSmall);
        }
        // Kafka has no backlog limit of its own: retention bounds the disk, so the health check never trips on it.
        return new BufferWiring(buffer, buffer, buffer::reader, Long.MAX_VALUE, buffer, buffer::lagByPartition);
    }

    AppendToBufferPort append() {
        return append;
    }

    MeasureBacklogPort backlog() {
        return backlog;
    }

    ReadBufferPort newReader() {
        return readers.get();
    }

    /** Consumer lag per partition (Kafka); empty for a single-partition buffer. */
    Map<Integer, Long> lagByPartition() {
        return lagByPartition.get();
    }

    long backlogLimit() {
        return backlogLimit;
    }

    @Override
    public void stop() throws Exception {
        adapter.close();
    }
}
