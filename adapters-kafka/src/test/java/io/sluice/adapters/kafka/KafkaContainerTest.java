package io.sluice.adapters.kafka;

import static org.assertj.core.api.Assertions.assertThat;

import io.sluice.application.port.out.ConsumerGroup;
import io.sluice.application.port.out.ReadBufferPort;
import io.sluice.application.port.out.ReadRecord;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.testcontainers.junit.jupiter.Container;
import org.testcontainers.junit.jupiter.Testcontainers;
import org.testcontainers.kafka.KafkaContainer;

/** Append and read back against Kafka in Docker, where Docker exists; skipped otherwise. */
@Testcontainers(disabledWithoutDocker = true)
class KafkaContainerTest {

    @Container
    private static final KafkaContainer KAFKA = new KafkaContainer("apache/kafka:4.1.1");

    @Test
    void appended_records_are_read_back() {
        KafkaSettings settings = KafkaSettings.builder(KAFKA.getBootstrapServers())
                .topic("container-events").deadLetterTopic("container-events.dlq")
                .partitions(3).replicationFactor((short) 1).minInsyncReplicas(1).retention(Duration.ofDays(1)).build();
        ConsumerGroup group = new ConsumerGroup(settings.groupId());
        InMemoryStore store = new InMemoryStore();
        try (KafkaBuffer buffer = KafkaBuffer.open(settings, store, group)) {
            buffer.append(Events.events("c", 100, 7));
            try (ReadBufferPort reader = buffer.reader()) {
                List<ReadRecord> read = Reading.readAndStore(reader, store, group, 100, Duration.ofSeconds(60));
                assertThat(read).hasSize(100);
            }
        }
    }
}
