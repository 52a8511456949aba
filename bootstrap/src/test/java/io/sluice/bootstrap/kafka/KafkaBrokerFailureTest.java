package io.sluice.bootstrap.kafka;

import static org.assertj.core.api.Assertions.assertThat;

import io.dropwizard.testing.junit5.DropwizardAppExtension;
import io.sluice.adapters.postgres.PostgresFixture;
import io.sluice.bootstrap.SluiceConfiguration;
import io.sluice.bootstrap.testkit.InJvmServer;
import io.sluice.bootstrap.testkit.KafkaCluster;
import io.sluice.bootstrap.testkit.KafkaModeConfig;
import io.sluice.bootstrap.testkit.KafkaPositions;
import io.sluice.bootstrap.testkit.LoadClient;
import io.sluice.bootstrap.testkit.Reconciliation;
import java.net.URI;
import java.time.Duration;
import java.util.List;
import java.util.LongSummaryStatistics;
import java.util.Map;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * Issue 3's broker-failure proofs, in one JVM on a real three-broker cluster with the production
 * topic layout (replication 3, {@code min.insync.replicas=2}) and {@code config-kafka.yml}'s
 * timeouts: one broker killed under load loses no acknowledged event; all brokers stopped under
 * load turn ingress into bounded 503s with {@code Retry-After}, never a 2xx, and ingestion resumes
 * by itself once they are back. Every test leaves all brokers running.
 */
class KafkaBrokerFailureTest {

    /** config-kafka.yml: maxBlock 2 s + deliveryTimeout 5 s. */
    private static final Duration APPEND_BOUND = Duration.ofSeconds(7);
    /** The machine is shared by brokers, server, database and clients on two cores: "bounded", not "fast". */
    private static final Duration MARGIN = Duration.ofSeconds(3);

    private static final PostgresFixture.TestDatabase DB = PostgresFixture.newDatabase();

    @RegisterExtension
    @Order(1)
    static final KafkaCluster KAFKA = new KafkaCluster(3);

    @RegisterExtension
    @Order(2)
    static final DropwizardAppExtension<SluiceConfiguration> APP = InJvmServer.extension(KafkaModeConfig.path(),
            KafkaModeConfig.overrides(KAFKA::bootstrapServers, DB, 3, 2));

    @Test
    void one_broker_killed_under_load_loses_no_acknowledged_event() throws Exception {
        LoadClient load = KafkaModeConfig.load("onedown", uri()).threads(4).eventsPerRequest(20).start();
        try {
            assertThat(load.awaitAcknowledged(2_000, Duration.ofSeconds(60))).as("acknowledged before the kill").isTrue();
            KAFKA.brokers().stopBroker(0);
            long killed = System.nanoTime();
            int atKill = load.acknowledged().size();
            assertThat(load.awaitAcknowledged(atKill + 4_000, Duration.ofSeconds(90))).as("acknowledged with a broker down").isTrue();
            load.stop();
            System.out.printf("one broker down: statuses %s, refusals %s ms, first 2xx after the kill %d ms%n", load.statuses(),
                    load.refusalMillis(), firstAcknowledgedAfter(load, killed));
        } finally {
            load.close();
            KAFKA.brokers().startBroker(0);
        }
        assertThat(load.statuses().keySet()).as("only acknowledgements and bounded refusals").isSubsetOf(202, 503);
        assertThat(load.itemsNotAccepted()).isZero();
        Map<Integer, Long> ends = KafkaPositions.awaitDrained(DB.jdbi(), KAFKA.bootstrapServers(), Duration.ofSeconds(120));
        Reconciliation.of(DB.jdbi(), "onedown", load.sent(), load.acknowledged()).assertExact();
        KafkaPositions.assertOffsetsCommittedToKafka(KAFKA.bootstrapServers(), ends);
    }

    @Test
    void brokers_stopped_under_load_answer_503_within_the_bound_and_ingestion_resumes_when_they_return() throws Exception {
        LoadClient load = KafkaModeConfig.load("outage", uri()).threads(8).eventsPerRequest(20).start();
        long stopped;
        long restarting;
        long restarted;
        try {
            assertThat(load.awaitAcknowledged(2_000, Duration.ofSeconds(60))).as("acknowledged before the outage").isTrue();
            KAFKA.brokers().stopAll();
            stopped = System.nanoTime();
            // Several rounds of refusals from every client thread.
            assertThat(load.awaitStatus(503, 40, Duration.ofSeconds(60))).as("503s during the outage").isTrue();
            restarting = System.nanoTime();
            int beforeRestart = load.acknowledged().size();
            KAFKA.brokers().startAll();
            restarted = System.nanoTime();
            assertThat(load.awaitAcknowledged(beforeRestart + 2_000, Duration.ofSeconds(90)))
                    .as("ingestion resumed without a restart of Sluice").isTrue();
            load.stop();
        } finally {
            load.close();
        }

        List<LoadClient.Answer> duringOutage = load.answeredBetween(stopped, restarting);
        LongSummaryStatistics refused = duringOutage.stream().mapToLong(LoadClient.Answer::millis).summaryStatistics();
        System.out.printf("outage: %d requests started and ended with the brokers down: statuses %s; 503 latency min %d / avg %.0f / "
                        + "max %d ms (bound %s); brokers back after %d ms, first 2xx %d ms after their restart began; all statuses %s%n",
                duringOutage.size(), duringOutage.stream().map(LoadClient.Answer::status).distinct().toList(), refused.getMin(),
                refused.getAverage(), refused.getMax(), APPEND_BOUND, (restarted - restarting) / 1_000_000,
                firstAcknowledgedAfter(load, restarting), load.statuses());
        assertThat(duringOutage).as("requests entirely inside the outage").hasSizeGreaterThanOrEqualTo(16)
                .allSatisfy(answer -> assertThat(answer.status()).as("no 2xx while no broker runs").isEqualTo(503));
        assertThat(load.refusalMillis()).allSatisfy(ms -> assertThat(ms).isLessThanOrEqualTo(APPEND_BOUND.plus(MARGIN).toMillis()));
        assertThat(load.refusalsWithoutRetryAfter()).isZero();
        assertThat(load.statuses().keySet()).isSubsetOf(202, 503);
        assertThat(load.itemsNotAccepted()).isZero();

        Map<Integer, Long> ends = KafkaPositions.awaitDrained(DB.jdbi(), KAFKA.bootstrapServers(), Duration.ofSeconds(120));
        Reconciliation.of(DB.jdbi(), "outage", load.sent(), load.acknowledged()).assertExact();
        KafkaPositions.assertOffsetsCommittedToKafka(KAFKA.bootstrapServers(), ends);
    }

    private static long firstAcknowledgedAfter(LoadClient load, long fromNanos) {
        return load.answeredAfter(fromNanos).stream().filter(a -> a.status() == 202 && a.startedNanos() - fromNanos > 0)
                .mapToLong(a -> (a.endedNanos() - fromNanos) / 1_000_000).min().orElse(-1);
    }

    private static URI uri() {
        return URI.create("http://127.0.0.1:" + APP.getLocalPort() + "/v1/events");
    }
}
