package io.sluice.bootstrap.kafka;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.OffsetSpec;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.common.TopicPartition;
import org.jdbi.v3.core.Jdbi;
import org.jdbi.v3.core.transaction.TransactionIsolationLevel;

/**
 * The checks every Kafka-mode proof ends with, against the real database and the real brokers:
 * the consumer drained the topic (positions stored in PostgreSQL equal the log end offsets), every
 * acknowledged event is stored exactly once, nothing was invented, and the aggregates equal a
 * recomputation from {@code raw_events}. Stateless.
 */
final class ExactlyOnce {

    static final String TOPIC = "user-events";
    static final String GROUP = "sluice";

    private ExactlyOnce() {
    }

    /**
     * Waits until the positions stored with the data reach the end of every partition of the topic
     * and the ends stopped moving for a second (refused appends may still land: the producer retries
     * until its delivery timeout). Call it after the load stopped.
     *
     * @return the end offsets per partition
     */
    static Map<Integer, Long> awaitDrained(Jdbi jdbi, String bootstrapServers, Duration timeout) throws Exception {
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
    static void assertOffsetsCommittedToKafka(String bootstrapServers, Map<Integer, Long> ends) throws Exception {
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

    /**
     * Every acknowledged event of this client is stored, none twice, none that was never sent; and
     * the aggregates of the whole database equal a recomputation from {@code raw_events}.
     */
    static void assertExactlyOnce(Jdbi jdbi, String idPrefix, Set<String> acknowledged, Set<String> sent) {
        List<String> stored = jdbi.withHandle(h -> h.createQuery("SELECT event_id FROM raw_events WHERE event_id LIKE :prefix")
                .bind("prefix", idPrefix + "-%").mapTo(String.class).list());
        Set<String> storedSet = new HashSet<>(stored);
        assertThat(stored).as("stored once each").hasSameSizeAs(storedSet);
        Set<String> lost = new HashSet<>(acknowledged);
        lost.removeAll(storedSet);
        assertThat(lost).as("acknowledged (2xx) but not stored, of %d acknowledged", acknowledged.size()).isEmpty();
        Set<String> invented = new HashSet<>(storedSet);
        invented.removeAll(sent);
        assertThat(invented).as("stored but never sent").isEmpty();
        assertAggregatesMatchRawEvents(jdbi);
    }

    /** The incrementally kept hourly and minute aggregates equal a recomputation, in one snapshot of the database. */
    static void assertAggregatesMatchRawEvents(Jdbi jdbi) {
        for (String[] table : new String[][] {{"hourly_aggregations", "aggregation_hour", "hour"},
                {"minute_aggregations", "aggregation_minute", "minute"}}) {
            List<List<Map<String, Object>>> both = jdbi.inTransaction(TransactionIsolationLevel.REPEATABLE_READ, h -> List.of(
                    h.createQuery("SELECT extract(epoch FROM " + table[1] + ")::bigint AS bucket, event_type, total_events, unique_users, "
                            + "round(total_duration_seconds::numeric, 6) AS total_duration, "
                            + "round(avg_duration_seconds::numeric, 6) AS avg_duration FROM " + table[0]
                            + " ORDER BY 1, 2").mapToMap().list(),
                    h.createQuery("SELECT extract(epoch FROM date_trunc('" + table[2] + "', timestamp AT TIME ZONE 'UTC'))::bigint AS bucket, "
                            + "event_type, count(*) AS total_events, count(DISTINCT user_id) AS unique_users, "
                            + "round(coalesce(sum(duration_seconds), 0)::numeric, 6) AS total_duration, "
                            + "round(coalesce(avg(duration_seconds), 0)::numeric, 6) AS avg_duration "
                            + "FROM raw_events GROUP BY 1, 2 ORDER BY 1, 2").mapToMap().list()));
            assertThat(both.get(1)).as("%s recomputed from raw_events", table[0]).isNotEmpty();
            assertThat(both.get(0)).as(table[0]).isEqualTo(both.get(1));
        }
    }

    static Map<Integer, Long> storedPositions(Jdbi jdbi) {
        Map<Integer, Long> positions = new TreeMap<>();
        jdbi.useHandle(h -> h.createQuery("SELECT partition, next_position FROM consumer_positions WHERE consumer_group = :group "
                        + "AND stream = :topic").bind("group", GROUP).bind("topic", TOPIC)
                .map((rs, ctx) -> Map.entry(rs.getInt(1), rs.getLong(2))).forEach(e -> positions.put(e.getKey(), e.getValue())));
        return positions;
    }

    static Map<Integer, Long> endOffsets(Admin admin) throws Exception {
        int partitions = admin.describeTopics(List.of(TOPIC)).allTopicNames().get(10, TimeUnit.SECONDS).get(TOPIC).partitions().size();
        Map<TopicPartition, OffsetSpec> latest = new HashMap<>();
        for (int p = 0; p < partitions; p++) {
            latest.put(new TopicPartition(TOPIC, p), OffsetSpec.latest());
        }
        Map<Integer, Long> ends = new TreeMap<>();
        admin.listOffsets(latest).all().get(10, TimeUnit.SECONDS).forEach((partition, info) -> ends.put(partition.partition(), info.offset()));
        return ends;
    }

    static Admin admin(String bootstrapServers) {
        return Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers,
                AdminClientConfig.DEFAULT_API_TIMEOUT_MS_CONFIG, 10_000, AdminClientConfig.REQUEST_TIMEOUT_MS_CONFIG, 5_000));
    }
}
