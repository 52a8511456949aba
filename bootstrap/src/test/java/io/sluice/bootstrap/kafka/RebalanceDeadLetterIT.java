package io.sluice.bootstrap.kafka;

import io.sluice.bootstrap.testkit.TestDirectories;
import static org.assertj.core.api.Assertions.assertThat;

import io.sluice.adapters.kafka.KafkaBrokers;
import io.sluice.adapters.postgres.PostgresFixture;
import io.sluice.bootstrap.testkit.KafkaModeConfig;
import io.sluice.bootstrap.testkit.KafkaPositions;
import io.sluice.bootstrap.testkit.SluiceProcess;
import io.sluice.domain.deadletter.DeadLetterKey;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.clients.producer.RecordMetadata;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.jdbi.v3.core.Handle;
import org.jdbi.v3.core.Jdbi;
import org.junit.jupiter.api.Test;

/**
 * Issue 14, finding 10 on a real broker: a poison record read by one Sluice instance whose batch
 * then outlives its membership, so the partition moves to a second instance that reads the same
 * record again from the positions stored with the data. Both store the same dead letter; its key
 * (the record's topic/partition@offset and digest) makes it one row.
 *
 * <p>Deterministic, not timed: the test holds the PostgreSQL advisory lock the writer takes on a
 * dead-letter key, computed before the record is produced (offset 0 of an empty partition). The
 * first reader blocks inside its store transaction; with {@code max.poll.interval.ms} at 8 s the
 * group drops it and gives all partitions to the other instance, which blocks on the same key. Only
 * when both are seen waiting is the lock released, and both transactions commit.
 */
class RebalanceDeadLetterIT {

    private static final int PARTITION = 0;

    @Test
    void a_poison_record_read_by_two_instances_across_a_rebalance_is_dead_lettered_once() throws Exception {
        PostgresFixture.TestDatabase db = PostgresFixture.newDatabase();
        Jdbi jdbi = db.jdbi();
        Path work = TestDirectories.create("sluice-kafka");
        // config-kafka.yml with a short poll interval, so a batch stuck in its store costs the instance its partitions soon.
        Path config = work.resolve("config-kafka-short-poll.yml");
        String shipped = Files.readString(Path.of(KafkaModeConfig.path()));
        assertThat(shipped).contains("  clientProperties: {}\n");
        Files.writeString(config, shipped.replace("  clientProperties: {}\n", "  clientProperties:\n    max.poll.interval.ms: \"8000\"\n"));

        byte[] poison = "{\"event_type\":\"purchase\",\"user_id\":".getBytes(StandardCharsets.UTF_8);
        String key = DeadLetterKey.atBufferPosition(KafkaPositions.TOPIC + "/" + PARTITION + "@0", poison).value();

        try (KafkaBrokers brokers = KafkaBrokers.start(1); Admin admin = KafkaPositions.admin(brokers.bootstrapServers())) {
            String bootstrap = brokers.bootstrapServers();
            SluiceProcess first = null;
            SluiceProcess second = null;
            try (Handle lock = jdbi.open()) {
                first = SluiceProcess.start(new SluiceProcess.Settings(work.resolve("a")).config(config)
                        .env(KafkaModeConfig.environment(bootstrap, db, 1, 1, work.resolve("a"))).log(work.resolve("a.log")));
                second = SluiceProcess.start(new SluiceProcess.Settings(work.resolve("b")).config(config)
                        .env(KafkaModeConfig.environment(bootstrap, db, 1, 1, work.resolve("b"))).log(work.resolve("b.log")));
                ScaleOutIT.awaitGroup(admin, members -> members.size() == 2
                        && members.values().stream().allMatch(partitions -> partitions.size() == 3), Duration.ofSeconds(90));

                lock.createQuery("SELECT 1 FROM (SELECT pg_advisory_lock(hashtextextended(:key, 14))) AS held").bind("key", key)
                        .mapTo(Integer.class).one();
                RecordMetadata produced = produce(bootstrap, poison);
                assertThat(produced.offset()).as("the key was computed for offset 0").isZero();

                awaitWaiters(jdbi, key, 1, Duration.ofSeconds(60));
                // The waiting instance stops polling: after max.poll.interval.ms the group gives everything to the other one.
                ScaleOutIT.awaitGroup(admin, members -> members.size() == 1 && members.values().iterator().next().size() == 6,
                        Duration.ofSeconds(90));
                awaitWaiters(jdbi, key, 2, Duration.ofSeconds(60));
                assertThat(count(jdbi, "SELECT count(*) FROM dead_letters")).as("nothing stored while both wait").isZero();

                lock.createQuery("SELECT pg_advisory_unlock(hashtextextended(:key, 14))").bind("key", key).mapTo(Boolean.class).one();
                // Transaction-level locks: none held or awaited any more means both store transactions ended.
                awaitNoLocksOn(jdbi, key, Duration.ofSeconds(60));

                List<Map<String, Object>> letters = jdbi.withHandle(h -> h.createQuery(
                        "SELECT reason, origin, dedupe_key FROM dead_letters").mapToMap().list());
                assertThat(letters).as("one dead letter for the record both instances read").hasSize(1);
                assertThat(letters.get(0)).containsEntry("reason", "malformed").containsEntry("origin", KafkaPositions.TOPIC + "/0@0")
                        .containsEntry("dedupe_key", key);
                assertThat(KafkaPositions.storedPositions(jdbi)).containsEntry(PARTITION, 1L);
                assertThat(first.isAlive()).isTrue();
                assertThat(second.isAlive()).isTrue();
            } finally {
                if (first != null) {
                    first.close();
                }
                if (second != null) {
                    second.close();
                }
            }
        }
        TestDirectories.deleteRecursively(work);
    }

    private static RecordMetadata produce(String bootstrap, byte[] value) throws Exception {
        try (KafkaProducer<byte[], byte[]> producer = new KafkaProducer<>(Map.of(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap,
                ProducerConfig.ACKS_CONFIG, "all"), new ByteArraySerializer(), new ByteArraySerializer())) {
            return producer.send(new ProducerRecord<>(KafkaPositions.TOPIC, PARTITION, null, value)).get(30, TimeUnit.SECONDS);
        }
    }

    private static long count(Jdbi jdbi, String sql) {
        return jdbi.withHandle(h -> h.createQuery(sql).mapTo(Long.class).one());
    }

    /** Locks on this key's advisory lock (a bigint lock shows as classid, the high half, and objid, the low half). */
    private static long locksOn(Jdbi jdbi, String key, String granted) {
        return jdbi.withHandle(h -> h.createQuery("SELECT count(*) FROM pg_locks WHERE locktype = 'advisory' AND objsubid = 1"
                + " AND ((classid::int8 << 32) | objid::int8) = hashtextextended(:key, 14) AND " + granted)
                .bind("key", key).mapTo(Long.class).one());
    }

    private static void awaitWaiters(Jdbi jdbi, String key, long waiters, Duration timeout) throws InterruptedException {
        long deadline = System.nanoTime() + timeout.toNanos();
        long seen = -1;
        while (System.nanoTime() < deadline) {
            seen = locksOn(jdbi, key, "NOT granted");
            if (seen == waiters) {
                return;
            }
            Thread.sleep(100);
        }
        throw new AssertionError(waiters + " store transactions waiting on the dead letter's key expected within " + timeout
                + "; seen " + seen);
    }

    private static void awaitNoLocksOn(Jdbi jdbi, String key, Duration timeout) throws InterruptedException {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (System.nanoTime() < deadline) {
            if (locksOn(jdbi, key, "true") == 0) {
                return;
            }
            Thread.sleep(100);
        }
        throw new AssertionError("advisory locks still held or awaited " + timeout + " after the release");
    }
}
