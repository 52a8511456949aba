package io.sluice.bootstrap.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.dropwizard.testing.ConfigOverride;
import io.dropwizard.testing.DropwizardTestSupport;
import io.sluice.adapters.postgres.PostgresFixture;
import io.sluice.bootstrap.SluiceConfiguration;
import io.sluice.bootstrap.testkit.InJvmServer;
import io.sluice.bootstrap.testkit.TestDirectories;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import org.junit.jupiter.api.Test;

/**
 * {@code consumer.enabled: false} makes an ingest-only node: it acknowledges and buffers, stores
 * nothing and has no consumer health check; the next start with the consumer on (same data
 * directory, Chronicle mode) stores every buffered event once.
 */
class IngestOnlyNodeTest {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final int EVENTS = 50;

    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

    @Test
    void an_ingest_only_node_buffers_and_a_consuming_start_stores_everything_once() throws Exception {
        PostgresFixture.TestDatabase db = PostgresFixture.newDatabase();
        Path dataDir = TestDirectories.create("sluice-ingest-only");

        DropwizardTestSupport<SluiceConfiguration> ingestOnly = app(db, dataDir, false);
        ingestOnly.before();
        try {
            for (int i = 0; i < EVENTS; i++) {
                HttpResponse<String> posted = post(ingestOnly, "{\"event_id\":\"io-" + i + "\",\"event_type\":\"click\",\"user_id\":\"u" + (i % 7) + "\"}");
                assertThat(posted.statusCode()).as(posted.body()).isEqualTo(202);
            }
            // Long enough for a running consumer (pollWait 50 ms) to have stored them many times over.
            Thread.sleep(1_500);
            JsonNode stats = stats(ingestOnly);
            assertThat(stats.path("total_events").asLong()).isZero();
            assertThat(stats.path("backlog").asLong()).isEqualTo(EVENTS);
            HttpResponse<String> health = http.send(HttpRequest.newBuilder(URI.create(
                    "http://localhost:" + ingestOnly.getAdminPort() + "/healthcheck")).GET().build(), HttpResponse.BodyHandlers.ofString());
            assertThat(JSON.readTree(health.body()).has("consumer")).as(health.body()).isFalse();
        } finally {
            ingestOnly.after();
        }

        DropwizardTestSupport<SluiceConfiguration> consuming = app(db, dataDir, true);
        consuming.before();
        try {
            long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
            JsonNode stats = stats(consuming);
            while (stats.path("backlog").asLong() > 0 && System.nanoTime() < deadline) {
                Thread.sleep(100);
                stats = stats(consuming);
            }
            assertThat(stats.path("backlog").asLong()).as(stats.toString()).isZero();
            assertThat(stats.path("total_events").asLong()).as(stats.toString()).isEqualTo(EVENTS);
            Integer rows = db.jdbi().withHandle(h -> h.createQuery("SELECT count(*) FROM raw_events WHERE event_id LIKE 'io-%'")
                    .mapTo(Integer.class).one());
            assertThat(rows).isEqualTo(EVENTS);
        } finally {
            consuming.after();
        }
    }

    private static DropwizardTestSupport<SluiceConfiguration> app(PostgresFixture.TestDatabase db, Path dataDir, boolean consumer) {
        return InJvmServer.support(db, dataDir, ConfigOverride.config("consumer.enabled", String.valueOf(consumer)));
    }

    private HttpResponse<String> post(DropwizardTestSupport<SluiceConfiguration> app, String body) throws Exception {
        return http.send(HttpRequest.newBuilder(URI.create("http://localhost:" + app.getLocalPort() + "/v1/events"))
                .header("Content-Type", "application/json").POST(HttpRequest.BodyPublishers.ofString(body)).build(),
                HttpResponse.BodyHandlers.ofString());
    }

    private JsonNode stats(DropwizardTestSupport<SluiceConfiguration> app) throws Exception {
        HttpResponse<String> response = http.send(HttpRequest.newBuilder(URI.create("http://localhost:" + app.getLocalPort() + "/v1/stats"))
                .header("Authorization", "Bearer sluice-local-read-key").GET().build(), HttpResponse.BodyHandlers.ofString());
        assertThat(response.statusCode()).as(response.body()).isEqualTo(200);
        return JSON.readTree(response.body());
    }
}
