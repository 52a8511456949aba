package io.sluice.bootstrap.reliability;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.sluice.adapters.postgres.EmbeddedPostgresServer;
import io.sluice.bootstrap.testkit.LoadClient;
import io.sluice.bootstrap.testkit.Reconciliation;
import io.sluice.bootstrap.testkit.SluiceProcess;
import io.sluice.bootstrap.testkit.TestDirectories;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.function.Predicate;
import org.jdbi.v3.core.Jdbi;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * PostgreSQL stopped under load, the realistic external-database setup: ingestion keeps
 * accepting into the Chronicle buffer up to its backlog limit and then answers 503 with
 * {@code Retry-After}; the consumer retries with capped backoff; the admin health check reports
 * the database and then the consumer unhealthy; when PostgreSQL returns, without a restart of
 * Sluice, everything acknowledged lands exactly once and the health check recovers.
 */
class DatabaseOutageIT {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final HttpClient HTTP = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();
    /** ConsumerHealthCheck's stall threshold, as SluiceApplication wires it. */
    private static final Duration CONSUMER_STALL = Duration.ofSeconds(60);
    private static final int BACKLOG_LIMIT = 3_000;

    private Path data;
    private EmbeddedPostgresServer postgres;

    @AfterEach
    void cleanUp() throws Exception {
        try {
            if (postgres != null) {
                postgres.close();
            }
        } finally {
            TestDirectories.deleteRecursively(data);
        }
    }

    @Test
    void a_database_outage_loses_nothing_acknowledged_and_heals_without_a_restart() throws Exception {
        data = Files.createTempDirectory("sluice-db-outage");
        Path pgData = data.resolve("external-postgres");
        postgres = EmbeddedPostgresServer.start(pgData, 0, EmbeddedPostgresServer.Durability.DURABLE);
        int dbPort = postgres.port();
        String url = postgres.jdbcUrl();
        SluiceProcess.Settings settings = new SluiceProcess.Settings(data.resolve("sluice"))
                .env("SLUICE_DATABASE_URL", url).env("SLUICE_DATABASE_PASSWORD", postgres.password())
                .env("SLUICE_MAX_BACKLOG", Integer.toString(BACKLOG_LIMIT));
        try (SluiceProcess server = SluiceProcess.start(settings)) {
            LoadClient load = LoadClient.sending("outage").to(() -> server.uri("/v1/events")).threads(2).eventsPerRequest(20).pause(Duration.ofMillis(40)).start();
            try {
                assertThat(load.awaitAcknowledged(1_000, Duration.ofSeconds(60))).isTrue();
                assertThat(health(server).get("postgres").get("healthy").asBoolean()).isTrue();

                postgres.close();
                postgres = null;
                long stoppedAt = System.nanoTime();
                int acknowledgedAtStop = load.acknowledged().size();

                // The database check trips at once; ingress goes on into the buffer until the backlog limit.
                awaitHealth(server, Duration.ofSeconds(20), body -> !body.get("postgres").get("healthy").asBoolean());
                assertThat(load.awaitAcknowledged(acknowledgedAtStop + 1_000L, Duration.ofSeconds(30)))
                        .as("ingestion kept accepting with the database down").isTrue();
                awaitAnswer(load, 503, Duration.ofSeconds(60));
                assertThat(load.refusalsWithoutRetryAfter()).isZero();
                HttpResponse<String> query = HTTP.send(server.get("/v1/events?limit=1").build(),
                        HttpResponse.BodyHandlers.ofString());
                assertThat(query.statusCode()).as(query.body()).isEqualTo(503);
                assertThat(query.headers().firstValue("Retry-After")).isPresent();
                // The consumer check trips once no batch committed for its stall threshold.
                awaitHealth(server, CONSUMER_STALL.plusSeconds(30), body -> !body.get("consumer").get("healthy").asBoolean());
                // Measured from the last committed batch, which precedes the stop by up to one cycle.
                assertThat(Duration.ofNanos(System.nanoTime() - stoppedAt)).isGreaterThanOrEqualTo(CONSUMER_STALL.minusSeconds(5));
                assertThat(server.isAlive()).isTrue();

                postgres = EmbeddedPostgresServer.start(pgData, dbPort, EmbeddedPostgresServer.Durability.DURABLE);
                long restartedAt = System.nanoTime();
                // Backoff is capped at consumer.maxBackoff (30 s): recovery takes at most that plus a cycle.
                awaitHealth(server, Duration.ofSeconds(60), body -> body.get("postgres").get("healthy").asBoolean()
                        && body.get("consumer").get("healthy").asBoolean());
                server.awaitBacklogDrained(Duration.ofSeconds(60));
                assertThat(Duration.ofNanos(System.nanoTime() - restartedAt)).isLessThan(Duration.ofSeconds(50));
                long acceptedAgain = load.acknowledged().size();
                assertThat(load.awaitAcknowledged(acceptedAgain + 500L, Duration.ofSeconds(30)))
                        .as("ingress accepts again once the backlog drained").isTrue();
            } finally {
                load.close();
            }
            server.awaitBacklogDrained(Duration.ofSeconds(60));
            assertThat(load.statuses().keySet()).as("answers %s, %s", load.statuses(), load.failures()).isSubsetOf(202, 503);
            Reconciliation result = Reconciliation.of(Jdbi.create(url, "postgres", postgres.password()), load.sent(), load.acknowledged());
            assertThat(result.exact()).as("reconciliation %s", result).isTrue();
            assertThat(server.logText()).contains("committed").containsPattern("after \\d+ attempts");
        }
    }

    private static JsonNode health(SluiceProcess server) throws Exception {
        HttpResponse<String> response = HTTP.send(HttpRequest.newBuilder(server.adminUri("/healthcheck"))
                .timeout(Duration.ofSeconds(20)).GET().build(), HttpResponse.BodyHandlers.ofString());
        JsonNode body = JSON.readTree(response.body());
        boolean allHealthy = true;
        for (JsonNode check : body) {
            allHealthy &= check.get("healthy").asBoolean();
        }
        assertThat(response.statusCode()).as("status agrees with the checks: %s", body).isEqualTo(allHealthy ? 200 : 500);
        return body;
    }

    private static void awaitHealth(SluiceProcess server, Duration timeout, Predicate<JsonNode> condition) throws Exception {
        long deadline = System.nanoTime() + timeout.toNanos();
        JsonNode last = null;
        while (System.nanoTime() < deadline) {
            last = health(server);
            if (condition.test(last)) {
                return;
            }
            Thread.sleep(500);
        }
        throw new AssertionError("health did not reach the expected state within " + timeout + "; last: " + last);
    }

    private static void awaitAnswer(LoadClient load, int status, Duration timeout) throws InterruptedException {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (load.answered(status) == 0) {
            assertThat(System.nanoTime()).as("no %s within %s: %s", status, timeout, load.statuses()).isLessThan(deadline);
            Thread.sleep(100);
        }
    }
}
