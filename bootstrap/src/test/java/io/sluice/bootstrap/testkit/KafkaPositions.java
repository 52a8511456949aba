package io.sluice.bootstrap.testkit;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.OffsetSpec;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.common.TopicPartition;
import org.jdbi.v3.core.Jdbi;

/**
 * Where the Kafka-mode consumer stands, against the real database and the real brokers: it drained
 * the topic (positions stored in PostgreSQL equal the log end offsets) and committed them to Kafka
 * for lag tools. What was stored is {@link Reconciliation}'s. Stateless.
 */
public final class KafkaPositions {

    public static final String TOPIC = "user-events";
    public static final String GROUP = "sluice";

    private KafkaPositions() {
    }

    /**
     * Waits until the positions stored with the data reach the end of every partition of the topic
     * and the ends stopped moving for a second (refused appends may still land: the producer retries
     * until its delivery timeout). Call it after the load stopped.
     *
     * @return the end offsets per partition
     */
    public static Map<Integer, Long> awaitDrained(Jdbi jdbi, String bootstrapServers, Duration timeout) throws Exception {
        long started = System.nanoTime();
        long deadline = started + timeout.toNanos();
        Map<Integer, Long> ends = Map.of();
        Map<Integer, Long> stored = Map.of();
        long caughtUpSince = 0;
        try (Admin admin = admin(bootstrapServers)) {
            while (System.nanoTime() < deadline) {
                Map<Integer, Long> now = endOffsets(admin);
                stored = storedPositions(jdbi);
                boolean caughtUp = now.equals(ends) && caughtUp(now, stored);
                if (!caughtUp) {
                    caughtUpSince = 0;
                } else if (caughtUpSince == 0) {
                    caughtUpSince = System.nanoTime();
                } else if (System.nanoTime() - caughtUpSince > Duration.ofSeconds(1).toNanos()) {
                    System.out.printf("drained %s within %d ms of the load's end: %s%n", TOPIC,
                            (caughtUpSince - started) / 1_000_000, now);
                    return now;
                }
                ends = now;
                Thread.sleep(250);
            }
        }
        throw new AssertionError("the consumer did not drain " + TOPIC + " within " + timeout + ": log end offsets " + ends
                + ", positions stored with the data " + stored);
    }

    private static boolean caughtUp(Map<Integer, Long> ends, Map<Integer, Long> stored) {
        return ends.entrySet().stream().allMatch(end -> stored.getOrDefault(end.getKey(), 0L).equals(end.getValue()));
    }

    /** Kafka's committed offsets (for lag tools) reach the stored positions within a few seconds. */
    public static void assertOffsetsCommittedToKafka(String bootstrapServers, Map<Integer, Long> ends) throws Exception {
        long deadline = System.nanoTime() + Duration.ofSeconds(15).toNanos();
        Map<Integer, Long> committed = Map.of();
        Map<Integer, Long> expected = new TreeMap<>();
        ends.forEach((partition, end) -> {
            if (end > 0) {
                expected.put(partition, end);
            }
        });
        try (Admin admin = admin(bootstrapServers)) {
            while (System.nanoTime() < deadline) {
                committed = new TreeMap<>();
                for (Map.Entry<TopicPartition, OffsetAndMetadata> entry : admin.listConsumerGroupOffsets(GROUP)
                        .partitionsToOffsetAndMetadata().get(10, TimeUnit.SECONDS).entrySet()) {
                    if (entry.getKey().topic().equals(TOPIC) && entry.getValue() != null) {
                        committed.put(entry.getKey().partition(), entry.getValue().offset());
                    }
                }
                if (committed.equals(expected)) {
                    return;
                }
                Thread.sleep(250);
            }
        }
        assertThat(committed).as("offsets of group %s committed to Kafka for lag tools", GROUP).isEqualTo(expected);
    }

    public static Map<Integer, Long> storedPositions(Jdbi jdbi) {
        Map<Integer, Long> positions = new TreeMap<>();
        jdbi.useHandle(h -> h.createQuery("SELECT partition, next_position FROM consumer_positions WHERE consumer_group = :group "
                        + "AND stream = :topic").bind("group", GROUP).bind("topic", TOPIC)
                .map((rs, ctx) -> Map.entry(rs.getInt(1), rs.getLong(2))).forEach(e -> positions.put(e.getKey(), e.getValue())));
        return positions;
    }

    public static Map<Integer, Long> endOffsets(Admin admin) throws Exception {
        int partitions = admin.describeTopics(List.of(TOPIC)).allTopicNames().get(10, TimeUnit.SECONDS).get(TOPIC).partitions().size();
        Map<TopicPartition, OffsetSpec> latest = new HashMap<>();
        for (int p = 0; p < partitions; p++) {
            latest.put(new TopicPartition(TOPIC, p), OffsetSpec.latest());
        }
        Map<Integer, Long> ends = new TreeMap<>();
        admin.listOffsets(latest).all().get(10, TimeUnit.SECONDS).forEach((partition, info) -> ends.put(partition.partition(), info.offset()));
        return ends;
    }

    public static Admin admin(String bootstrapServers) {
        return Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers,
                AdminClientConfig.DEFAULT_API_TIMEOUT_MS_CONFIG, 10_000, AdminClientConfig.REQUEST_TIMEOUT_MS_CONFIG, 5_000));
    }
}
