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
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.time.temporal.ChronoUnit;
import org.junit.jupiter.api.Test;

/**
 * The storage lifecycle as operators drive it over HTTP: historical events through ingress, the
 * admin task archiving and dropping their day, the admin-key restore, and the disk watermark.
 */
class StorageOverHttpTest {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String ADMIN_KEY = "sluice-test-admin-key"; // its digest is in e2e-config.yml
    private static final String READ = "Bearer sluice-local-read-key";

    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

    @Test
    void old_days_are_archived_by_the_admin_task_and_restored_with_the_admin_key() throws Exception {
        PostgresFixture.TestDatabase db = PostgresFixture.newDatabase();
        Path dataDir = TestDirectories.create("sluice-storage-http");
        DropwizardTestSupport<SluiceConfiguration> app = InJvmServer.support(db, dataDir,
                ConfigOverride.config("storage.maintenanceInterval", "0s"));
        app.before();
        try {
            LocalDate old = LocalDate.now(ZoneOffset.UTC).minusDays(12);
            Instant at = old.atStartOfDay().toInstant(ZoneOffset.UTC).plus(3, ChronoUnit.HOURS);
            StringBuilder batch = new StringBuilder("[");
            for (int i = 0; i < 30; i++) {
                batch.append(i == 0 ? "" : ",").append("{\"event_id\":\"old-").append(i).append("\",\"event_type\":\"click\",")
                        .append("\"user_id\":\"u").append(i % 4).append("\",\"timestamp\":\"").append(at.plusSeconds(i * 60L)).append("\"}");
            }
            HttpResponse<String> posted = send(app.getLocalPort(), "/v1/events", batch.append(']').toString(), null);
            assertThat(posted.statusCode()).as(posted.body()).isEqualTo(202);
            JsonNode stats = awaitStored(app, 30);

            HttpResponse<String> maintained = send(app.getAdminPort(), "/tasks/maintain-storage", "", null);
            assertThat(maintained.statusCode()).as(maintained.body()).isEqualTo(200);
            JsonNode report = JSON.readTree(maintained.body());
            assertThat(report.path("failures")).as(maintained.body()).isEmpty();
            assertThat(report.path("archived").toString()).contains("\"date\":\"" + old + "\"", "\"rows\":30");
            assertThat(Files.list(dataDir.resolve("archive/events/date=" + old))
                    .filter(p -> p.toString().endsWith(".parquet"))).hasSize(1);
            assertThat(rawRows(db)).isZero();

            String restorePath = "/v1/archive/restore?date=" + old;
            assertThat(send(app.getLocalPort(), restorePath, "", null).statusCode()).isEqualTo(401);
            assertThat(send(app.getLocalPort(), restorePath, "", READ).statusCode()).isEqualTo(401);
            HttpResponse<String> badDate = send(app.getLocalPort(), "/v1/archive/restore?date=yesterday", "", "Bearer " + ADMIN_KEY);
            assertThat(badDate.statusCode()).isEqualTo(400);
            assertThat(badDate.body()).contains("date");
            HttpResponse<String> restored = send(app.getLocalPort(), restorePath, "", "Bearer " + ADMIN_KEY);
            assertThat(restored.statusCode()).as(restored.body()).isEqualTo(200);
            assertThat(JSON.readTree(restored.body()).path("restored_rows").path("events").asLong()).isEqualTo(30);
            HttpResponse<String> again = send(app.getLocalPort(), restorePath, "", "Bearer " + ADMIN_KEY);
            assertThat(JSON.readTree(again.body()).path("restored_rows").path("events").asLong()).isZero();
            assertThat(rawRows(db)).isEqualTo(30);
            assertThat(stats(app)).isEqualTo(stats);

            HttpResponse<String> metrics = get(app.getAdminPort(), "/prometheus");
            assertThat(metrics.body()).contains("sluice_storage_archive_lag_days 0", "sluice_storage_archived_days{kind=\"events\"} 1",
                    "sluice_storage_table_bytes{table=\"raw_events\"}", "sluice_disk_usable_bytes");
        } finally {
            app.after();
        }
    }

    @Test
    void ingress_refuses_with_503_and_retry_after_under_the_free_disk_floor() throws Exception {
        PostgresFixture.TestDatabase db = PostgresFixture.newDatabase();
        Path dataDir = TestDirectories.create("sluice-storage-disk");
        DropwizardTestSupport<SluiceConfiguration> app = InJvmServer.support(db, dataDir,
                ConfigOverride.config("storage.minFreeDisk", "100000TiB"),
                ConfigOverride.config("storage.maintenanceInterval", "0s"));
        app.before();
        try {
            HttpResponse<String> refused = send(app.getLocalPort(), "/v1/events",
                    "{\"event_type\":\"click\",\"user_id\":\"u1\"}", null);
            assertThat(refused.statusCode()).as(refused.body()).isEqualTo(503);
            assertThat(refused.headers().firstValue("Retry-After")).isPresent();
            assertThat(refused.body()).contains("free disk space");
        } finally {
            app.after();
        }
    }

    private JsonNode awaitStored(DropwizardTestSupport<SluiceConfiguration> app, long events) throws Exception {
        long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
        JsonNode stats = stats(app);
        while (stats.path("total_events").asLong() < events && System.nanoTime() < deadline) {
            Thread.sleep(100);
            stats = stats(app);
        }
        assertThat(stats.path("total_events").asLong()).as(stats.toString()).isEqualTo(events);
        return stats;
    }

    private JsonNode stats(DropwizardTestSupport<SluiceConfiguration> app) throws Exception {
        HttpResponse<String> response = http.send(HttpRequest.newBuilder(URI.create("http://localhost:" + app.getLocalPort() + "/v1/stats"))
                .header("Authorization", READ).GET().build(), HttpResponse.BodyHandlers.ofString());
        JsonNode stats = JSON.readTree(response.body());
        return ((com.fasterxml.jackson.databind.node.ObjectNode) stats).without("last_processed_at");
    }

    private static long rawRows(PostgresFixture.TestDatabase db) {
        return db.jdbi().withHandle(h -> h.createQuery("SELECT count(*) FROM raw_events").mapTo(Long.class).one());
    }

    private HttpResponse<String> send(int port, String path, String body, String authorization) throws Exception {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create("http://localhost:" + port + path))
                .header("Content-Type", "application/json").POST(HttpRequest.BodyPublishers.ofString(body));
        if (authorization != null) {
            request.header("Authorization", authorization);
        }
        return http.send(request.build(), HttpResponse.BodyHandlers.ofString());
    }

    private HttpResponse<String> get(int port, String path) throws Exception {
        return http.send(HttpRequest.newBuilder(URI.create("http://localhost:" + port + path)).GET().build(),
                HttpResponse.BodyHandlers.ofString());
    }
}
