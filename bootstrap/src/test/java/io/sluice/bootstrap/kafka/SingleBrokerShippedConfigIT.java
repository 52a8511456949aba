package io.sluice.bootstrap.kafka;

import static org.assertj.core.api.Assertions.assertThat;

import io.sluice.adapters.kafka.KafkaBrokers;
import io.sluice.adapters.postgres.PostgresFixture;
import io.sluice.bootstrap.testkit.KafkaModeConfig;
import io.sluice.bootstrap.testkit.SluiceProcess;
import io.sluice.bootstrap.testkit.TestDirectories;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.TopicDescription;
import org.junit.jupiter.api.Test;

/**
 * Issue 14 items 3 and 4 with the shipped files, unmodified, against a single-broker KRaft cluster
 * (a developer's local Kafka): {@code config.yml} with {@code SLUICE_BUFFER=kafka} starts, fits its
 * topics to the cluster and stores events; its readiness, health and lag metric stay true when
 * probed only every 20 s (a kubelet's or load balancer's interval); {@code config-kafka.yml} refuses
 * the same cluster and names the settings to change.
 */
class SingleBrokerShippedConfigIT {

    private static final HttpClient HTTP = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();

    @Test
    void config_yml_runs_on_one_broker_and_its_probes_stay_ready_at_20_s_intervals_while_config_kafka_yml_refuses() throws Exception {
        Path work = Files.createTempDirectory("sluice-one-broker");
        try (KafkaBrokers brokers = KafkaBrokers.start(1)) {
            Map<String, String> env = Map.of("SLUICE_BUFFER", "kafka", "SLUICE_KAFKA_BOOTSTRAP", brokers.bootstrapServers());
            try (SluiceProcess sluice = SluiceProcess.start(new SluiceProcess.Settings(work.resolve("local")).env(env)
                    .log(work.resolve("local.log")))) {
                try (Admin admin = Admin.create(Map.of("bootstrap.servers", brokers.bootstrapServers()))) {
                    TopicDescription topic = admin.describeTopics(List.of("user-events")).allTopicNames().get(10, TimeUnit.SECONDS)
                            .get("user-events");
                    assertThat(topic.partitions()).hasSize(12);
                    assertThat(topic.partitions().get(0).replicas()).hasSize(1);
                }
                assertThat(Files.readString(sluice.log())).contains("fewer than the configured replication factor 3");

                HttpResponse<String> accepted = HTTP.send(HttpRequest.newBuilder(sluice.uri("/v1/events"))
                        .header("Content-Type", "application/json")
                        .POST(HttpRequest.BodyPublishers.ofString("[{\"event_id\":\"one-broker-1\",\"event_type\":\"click\",\"user_id\":\"u1\"}]"))
                        .build(), HttpResponse.BodyHandlers.ofString());
                assertThat(accepted.statusCode()).as(accepted.body()).isEqualTo(202);
                awaitStored(sluice, "one-broker-1");

                // Probes as a kubelet sends them: nothing else asks in between.
                List<String> seen = new ArrayList<>();
                for (int probe = 0; probe < 3; probe++) {
                    Thread.sleep(20_000);
                    HttpResponse<String> ready = get(sluice, "/ready");
                    HttpResponse<String> health = get(sluice, "/healthcheck");
                    HttpResponse<String> metrics = get(sluice, "/prometheus");
                    seen.add(ready.statusCode() + " " + ready.body());
                    assertThat(ready.statusCode()).as("/ready after 20 s without a probe: %s", seen).isEqualTo(200);
                    assertThat(health.statusCode()).as("/healthcheck: %s", health.body()).isEqualTo(200);
                    assertThat(metrics.body()).as("lag metric in the scrape").contains("sluice_kafka_consumer_lag_records{partition=\"");
                }
            }

            // Production file, same one-broker cluster: refused, naming the settings (nothing created, database untouched).
            PostgresFixture.TestDatabase db = PostgresFixture.newDatabase();
            Map<String, String> production = new HashMap<>(KafkaModeConfig.environment(brokers.bootstrapServers(), db, 3, 2,
                    work.resolve("production")));
            production.remove("SLUICE_KAFKA_REPLICATION");
            production.remove("SLUICE_KAFKA_MIN_INSYNC");
            production.remove("SLUICE_KAFKA_PARTITIONS");
            production.put("SLUICE_KAFKA_TOPIC", "production-events");
            SluiceProcess.Exit refused = SluiceProcess.startExpectingExit(new SluiceProcess.Settings(work.resolve("production"))
                    .config(Path.of(KafkaModeConfig.path())).env(production).log(work.resolve("production.log")), Duration.ofSeconds(120));
            assertThat(refused.code()).isNotZero();
            assertThat(refused.output()).contains("has 1 broker(s), fewer than the replication factor 3")
                    .contains("SLUICE_KAFKA_REPLICATION").contains("SLUICE_KAFKA_MIN_INSYNC");
            try (Admin admin = Admin.create(Map.of("bootstrap.servers", brokers.bootstrapServers()))) {
                assertThat(admin.listTopics().names().get(10, TimeUnit.SECONDS)).doesNotContain("production-events");
            }
        } finally {
            TestDirectories.deleteRecursively(work);
        }
    }

    private static HttpResponse<String> get(SluiceProcess sluice, String path) throws Exception {
        return HTTP.send(HttpRequest.newBuilder(sluice.adminUri(path)).timeout(Duration.ofSeconds(10)).build(),
                HttpResponse.BodyHandlers.ofString());
    }

    private static void awaitStored(SluiceProcess sluice, String id) throws Exception {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
        int status = 0;
        while (System.nanoTime() < deadline) {
            status = HTTP.send(HttpRequest.newBuilder(sluice.uri("/v1/events/" + id))
                    .header("Authorization", "Bearer sluice-local-read-key").build(), HttpResponse.BodyHandlers.ofString()).statusCode();
            if (status == 200) {
                return;
            }
            Thread.sleep(250);
        }
        throw new AssertionError("event " + id + " not stored within 60 s (last status " + status + ")");
    }
}
