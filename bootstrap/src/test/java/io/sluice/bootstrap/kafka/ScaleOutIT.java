package io.sluice.bootstrap.kafka;

import static org.assertj.core.api.Assertions.assertThat;

import io.sluice.adapters.kafka.KafkaBrokers;
import io.sluice.adapters.postgres.PostgresFixture;
import io.sluice.bootstrap.testkit.KafkaModeConfig;
import io.sluice.bootstrap.testkit.KafkaPositions;
import io.sluice.bootstrap.testkit.LoadClient;
import io.sluice.bootstrap.testkit.Reconciliation;
import io.sluice.bootstrap.testkit.SluiceProcess;
import io.sluice.bootstrap.testkit.TestDirectories;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.concurrent.TimeUnit;
import java.util.function.Predicate;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.ConsumerGroupDescription;
import org.apache.kafka.clients.admin.MemberDescription;
import org.apache.kafka.common.TopicPartition;
import org.junit.jupiter.api.Test;

/**
 * Issue 3's scale-out proof with real processes: two Sluice instances started from the shaded jar
 * with {@code config-kafka.yml} share one consumer group on a 6-partition topic under continuous
 * load (the second joins while the first is consuming: a rebalance with batches in flight); one is
 * killed with SIGKILL; the survivor takes over its partitions from the positions
 * stored with the data. Every event that got a 2xx is stored exactly once and counted once.
 */
class ScaleOutIT {

    @Test
    void the_survivor_of_a_sigkill_takes_over_its_partitions_and_every_acknowledged_event_is_stored_exactly_once() throws Exception {
        PostgresFixture.TestDatabase db = PostgresFixture.newDatabase();
        Path work = TestDirectories.create("sluice-kafka");
        Path config = Path.of(KafkaModeConfig.path());
        try (KafkaBrokers brokers = KafkaBrokers.start(1)) {
            String bootstrap = brokers.bootstrapServers();
            SluiceProcess doomed = null;
            SluiceProcess survivor = null;
            LoadClient load = null;
            try (Admin admin = KafkaPositions.admin(bootstrap)) {
                doomed = SluiceProcess.start(new SluiceProcess.Settings(work.resolve("a")).config(config)
                        .env(KafkaModeConfig.environment(bootstrap, db, 1, 1, work.resolve("a"))).log(work.resolve("a.log")));
                awaitGroup(admin, members -> members.size() == 1 && members.values().iterator().next().size() == 6,
                        Duration.ofSeconds(60));
                load = KafkaModeConfig.load("scale", doomed.uri("/v1/events")).threads(4).eventsPerRequest(20).start();
                assertThat(load.awaitAcknowledged(2_000, Duration.ofSeconds(60))).as("acknowledged by the first instance").isTrue();

                // The second instance joins under load: the first gives up half its partitions between two batches.
                survivor = SluiceProcess.start(new SluiceProcess.Settings(work.resolve("b")).config(config)
                        .env(KafkaModeConfig.environment(bootstrap, db, 1, 1, work.resolve("b"))).log(work.resolve("b.log")));
                System.out.printf("Sluice processes %d (to be killed) and %d; logs in %s%n", doomed.pid(), survivor.pid(), work);
                load.addTarget(survivor.uri("/v1/events"));
                Map<String, Set<Integer>> shared = awaitGroup(admin, members -> members.size() == 2
                        && members.values().stream().allMatch(partitions -> partitions.size() == 3), Duration.ofSeconds(60));
                int acknowledgedShared = load.acknowledged().size();
                assertThat(load.awaitAcknowledged(acknowledgedShared + 3_000, Duration.ofSeconds(90)))
                        .as("acknowledged by both before the kill").isTrue();
                Map<Integer, Long> positionsAtKill = KafkaPositions.storedPositions(db.jdbi());
                doomed.kill();
                long killed = System.nanoTime();
                int acknowledgedAtKill = load.acknowledged().size();

                Map<String, Set<Integer>> alone = awaitGroup(admin, members -> members.size() == 1
                        && members.values().iterator().next().size() == 6, Duration.ofSeconds(90));
                long regrouped = System.nanoTime();
                Set<Integer> orphaned = partitionsMovedFrom(shared, alone);
                awaitPositionsBeyond(db, orphaned, positionsAtKill, Duration.ofSeconds(60));
                long takenOver = System.nanoTime();
                assertThat(load.awaitAcknowledged(acknowledgedAtKill + 3_000, Duration.ofSeconds(90)))
                        .as("acknowledged by the survivor after the kill").isTrue();
                load.stop();
                System.out.printf("scale-out: group before the kill %s, after %s; the survivor owned all 6 partitions %d ms after the "
                                + "SIGKILL and stored past the positions of the orphaned partitions %s %d ms after it; statuses %s, "
                                + "%d acknowledged%n", shared, alone, (regrouped - killed) / 1_000_000, orphaned,
                        (takenOver - killed) / 1_000_000, load.statuses(), load.acknowledged().size());

                assertThat(load.statuses().keySet()).as("2xx, or no answer from the killed instance").isSubsetOf(202, LoadClient.NO_ANSWER);
                assertThat(load.itemsNotAccepted()).isZero();
                Map<Integer, Long> ends = KafkaPositions.awaitDrained(db.jdbi(), bootstrap, Duration.ofSeconds(120));
                Reconciliation.of(db.jdbi(), "scale", load.sent(), load.acknowledged()).assertExact();
                KafkaPositions.assertOffsetsCommittedToKafka(bootstrap, ends);
                assertThat(survivor.isAlive()).isTrue();
            } finally {
                if (load != null) {
                    load.close();
                }
                if (doomed != null) {
                    doomed.kill();
                }
                if (survivor != null) {
                    survivor.close();
                }
            }
        }
        // Kept when the test failed: the processes' logs are there.
        TestDirectories.deleteRecursively(work);
    }

    /** Waits until the group's members (member id → partitions of the topic) satisfy {@code wanted}. */
    static Map<String, Set<Integer>> awaitGroup(Admin admin, Predicate<Map<String, Set<Integer>>> wanted, Duration timeout)
            throws Exception {
        long deadline = System.nanoTime() + timeout.toNanos();
        Map<String, Set<Integer>> members = Map.of();
        while (System.nanoTime() < deadline) {
            ConsumerGroupDescription group = admin.describeConsumerGroups(List.of(KafkaPositions.GROUP)).all()
                    .get(10, TimeUnit.SECONDS).get(KafkaPositions.GROUP);
            members = new TreeMap<>();
            for (MemberDescription member : group.members()) {
                Set<Integer> partitions = new TreeSet<>();
                for (TopicPartition partition : member.assignment().topicPartitions()) {
                    if (partition.topic().equals(KafkaPositions.TOPIC)) {
                        partitions.add(partition.partition());
                    }
                }
                members.put(member.consumerId(), partitions);
            }
            if (wanted.test(members)) {
                return members;
            }
            Thread.sleep(200);
        }
        throw new AssertionError("consumer group " + KafkaPositions.GROUP + " did not reach the expected shape within " + timeout
                + "; last seen " + members);
    }

    private static Set<Integer> partitionsMovedFrom(Map<String, Set<Integer>> before, Map<String, Set<Integer>> after) {
        String survivorId = after.keySet().iterator().next();
        Set<Integer> moved = new TreeSet<>();
        before.forEach((member, partitions) -> {
            if (!member.equals(survivorId)) {
                moved.addAll(partitions);
            }
        });
        assertThat(moved).as("the killed member's partitions (the survivor is %s, before: %s)", survivorId, before).hasSize(3);
        return moved;
    }

    /** The survivor stores records of the partitions it took over: their positions move past where they were at the kill. */
    private static void awaitPositionsBeyond(PostgresFixture.TestDatabase db, Set<Integer> partitions, Map<Integer, Long> atKill,
                                             Duration timeout) throws InterruptedException {
        long deadline = System.nanoTime() + timeout.toNanos();
        List<Integer> waiting = new ArrayList<>(partitions);
        while (System.nanoTime() < deadline) {
            Map<Integer, Long> now = KafkaPositions.storedPositions(db.jdbi());
            waiting.removeIf(p -> now.getOrDefault(p, 0L) > atKill.getOrDefault(p, 0L));
            if (waiting.isEmpty()) {
                return;
            }
            Thread.sleep(100);
        }
        throw new AssertionError("no records of partitions " + waiting + " stored within " + timeout + " after the takeover");
    }
}
