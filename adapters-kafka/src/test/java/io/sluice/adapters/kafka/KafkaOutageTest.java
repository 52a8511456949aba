package io.sluice.adapters.kafka;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.fail;

import io.sluice.application.port.out.BufferRefusedException;
import io.sluice.application.port.out.BufferUnavailableException;
import io.sluice.application.port.out.ConsumerGroup;
import io.sluice.application.port.out.ReadBufferPort;
import io.sluice.application.port.out.ReadRecord;
import io.sluice.domain.event.EventDraft;
import io.sluice.application.port.out.BufferedRecord;
import io.sluice.application.port.out.RecordDraft;
import java.io.IOException;
import java.net.ServerSocket;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;

import java.util.Set;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.Test;

/** Brokers going away: ingress gets a bounded refusal, never a false acknowledgement, and recovers by itself. */
class KafkaOutageTest {

    /** Generous: the machine is shared with the brokers; the assertion is "bounded", not "fast". */
    private static final Duration MARGIN = Duration.ofSeconds(5);

    private static KafkaSettings settings(String bootstrapServers, String name, int partitions, short replication, int minIsr) {
        return KafkaSettings.defaults(bootstrapServers)
                .withTopics(name, name + ".dlq")
                .withLayout(partitions, replication, minIsr, Duration.ofDays(1))
                .withGroupId("group-" + name)
                .withTimeouts(Duration.ofSeconds(1), Duration.ofSeconds(3), Duration.ofSeconds(2), Duration.ofSeconds(20));
    }

    @Test
    void with_the_brokers_down_appends_are_refused_within_the_bound_and_succeed_again_once_they_are_back() throws Exception {
        try (KafkaBrokers brokers = KafkaBrokers.start(1)) {
            KafkaSettings settings = settings(brokers.bootstrapServers(), "outage", 3, (short) 1, 1);
            InMemoryStore store = new InMemoryStore();
            ConsumerGroup group = new ConsumerGroup(settings.groupId());
            Set<String> acknowledged = new HashSet<>();
            try (KafkaBuffer buffer = KafkaBuffer.open(settings, store, group)) {
                acknowledged.addAll(append(buffer, "before", 100));

                brokers.stopAll();
                List<Long> latencies = new ArrayList<>();
                for (int i = 0; i < 3; i++) {
                    long started = System.nanoTime();
                    int attempt = i;
                    assertThatThrownBy(() -> append(buffer, "down" + attempt, 100))
                            .isInstanceOf(BufferUnavailableException.class)
                            .satisfies(e -> assertThat(((BufferRefusedException) e).retryAfter()).isEqualTo(settings.retryAfter()));
                    latencies.add((System.nanoTime() - started) / 1_000_000);
                }
                // Many request threads at once: each is refused within the bound, none waits for another.
                ExecutorService threads = Executors.newFixedThreadPool(16);
                ConcurrentLinkedQueue<Long> concurrent = new ConcurrentLinkedQueue<>();
                List<Future<Throwable>> outcomes = new ArrayList<>();
                for (int t = 0; t < 16; t++) {
                    int thread = t;
                    outcomes.add(threads.submit(() -> {
                        long started = System.nanoTime();
                        try {
                            append(buffer, "crowd" + thread, 100);
                            return null;
                        } catch (RuntimeException refused) {
                            return refused;
                        } finally {
                            concurrent.add((System.nanoTime() - started) / 1_000_000);
                        }
                    }));
                }
                for (Future<Throwable> outcome : outcomes) {
                    assertThat(outcome.get()).isInstanceOf(BufferUnavailableException.class);
                }
                threads.shutdown();
                System.out.printf("append refused with brokers down after %s ms (sequential) and at most %d ms (16 threads); bound %s%n",
                        latencies, concurrent.stream().mapToLong(Long::longValue).max().orElse(-1), settings.appendBound());
                assertThat(latencies).allSatisfy(ms -> assertThat(ms).isLessThan(settings.appendBound().plus(MARGIN).toMillis()));
                assertThat(concurrent).allSatisfy(ms -> assertThat(ms).isLessThan(settings.appendBound().plus(MARGIN).toMillis()));

                brokers.startAll();
                acknowledged.addAll(appendUntilAcknowledged(buffer, "after", Duration.ofSeconds(60)));
                for (int i = 0; i < 5; i++) {
                    acknowledged.addAll(append(buffer, "again" + i, 100));
                }

                try (ReadBufferPort reader = buffer.reader()) {
                    Set<String> read = ids(readUntilQuiet(reader, store, group));
                    assertThat(read).containsAll(acknowledged);
                }
            }
        }
    }

    @Test
    void with_replication_3_and_min_insync_2_one_broker_down_still_acknowledges_and_two_down_refuses() throws Exception {
        try (KafkaBrokers brokers = KafkaBrokers.start(3)) {
            KafkaSettings settings = settings(brokers.bootstrapServers(), "replicated", 3, (short) 3, 2);
            InMemoryStore store = new InMemoryStore();
            ConsumerGroup group = new ConsumerGroup(settings.groupId());
            Set<String> acknowledged = new HashSet<>();
            try (KafkaBuffer buffer = KafkaBuffer.open(settings, store, group)) {
                acknowledged.addAll(append(buffer, "all-up", 100));

                brokers.stopBroker(2);
                acknowledged.addAll(appendUntilAcknowledged(buffer, "one-down-first", Duration.ofSeconds(60)));
                for (int i = 0; i < 10; i++) {
                    // Every append acknowledged at once: the two remaining replicas satisfy min.insync.replicas.
                    acknowledged.addAll(append(buffer, "one-down-" + i, 100));
                }

                brokers.stopBroker(1);
                long started = System.nanoTime();
                assertThatThrownBy(() -> append(buffer, "two-down", 100)).isInstanceOf(BufferUnavailableException.class);
                System.out.printf("append refused with 1 of 3 replicas after %d ms%n", (System.nanoTime() - started) / 1_000_000);

                brokers.startBroker(1);
                brokers.startBroker(2);
                acknowledged.addAll(appendUntilAcknowledged(buffer, "back", Duration.ofSeconds(60)));

                try (ReadBufferPort reader = buffer.reader()) {
                    Set<String> read = ids(readUntilQuiet(reader, store, group));
                    assertThat(read).containsAll(acknowledged);
                }
            }
        }
    }

    @Test
    void an_unreachable_cluster_at_start_up_fails_clearly_after_the_startup_timeout() throws IOException {
        int port;
        try (ServerSocket socket = new ServerSocket(0)) {
            port = socket.getLocalPort();
        }
        KafkaSettings settings = settings("localhost:" + port, "nowhere", 1, (short) 1, 1)
                .withTimeouts(Duration.ofSeconds(1), Duration.ofSeconds(3), Duration.ofSeconds(2), Duration.ofSeconds(3));
        long started = System.nanoTime();
        assertThatThrownBy(() -> KafkaBuffer.open(settings, new InMemoryStore(), new ConsumerGroup(settings.groupId())))
                .isInstanceOf(BufferUnavailableException.class)
                .hasMessageContaining("localhost:" + port)
                .hasMessageContaining("did not answer within PT3S");
        long tookMs = (System.nanoTime() - started) / 1_000_000;
        System.out.printf("unreachable cluster reported after %d ms (startupTimeout 3 s)%n", tookMs);
        assertThat(tookMs).isLessThan(Duration.ofSeconds(3).plus(MARGIN).toMillis());
    }

    private static List<String> append(KafkaBuffer buffer, String prefix, int count) {
        List<BufferedRecord> records = Events.events(prefix, count, 17);
        buffer.append(records);
        List<String> ids = new ArrayList<>(count);
        for (int i = 0; i < count; i++) {
            ids.add(prefix + "-" + i);
        }
        return ids;
    }

    /** As a client would: retry after a refusal until acknowledged. */
    private static List<String> appendUntilAcknowledged(KafkaBuffer buffer, String prefix, Duration within) throws InterruptedException {
        long deadline = System.nanoTime() + within.toNanos();
        int attempt = 0;
        while (true) {
            try {
                return append(buffer, prefix + "#" + attempt++, 100);
            } catch (BufferUnavailableException refused) {
                if (System.nanoTime() > deadline) {
                    fail("still refused after " + within + ": " + refused.getMessage());
                }
                Thread.sleep(200);
            }
        }
    }

    private static List<ReadRecord> readUntilQuiet(ReadBufferPort reader, InMemoryStore store, ConsumerGroup group) {
        List<ReadRecord> read = new ArrayList<>();
        long quietSince = System.nanoTime();
        long deadline = System.nanoTime() + Duration.ofSeconds(60).toNanos();
        while (System.nanoTime() - quietSince < Duration.ofSeconds(3).toNanos() && System.nanoTime() < deadline) {
            var batch = reader.poll(Duration.ofMillis(200));
            if (!batch.records().isEmpty()) {
                quietSince = System.nanoTime();
            }
            read.addAll(batch.records());
            store.storePositions(group, batch.positionsAfter());
            reader.committed(batch);
        }
        return read;
    }

    private static Set<String> ids(List<ReadRecord> read) {
        Set<String> ids = new HashSet<>();
        for (ReadRecord record : read) {
            EventDraft draft = ((RecordDraft.OfEvent) record.draft()).draft();
            ids.add((String) draft.eventId());
        }
        return ids;
    }

}
