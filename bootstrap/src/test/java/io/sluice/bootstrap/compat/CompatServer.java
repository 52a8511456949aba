package io.sluice.bootstrap.compat;

import io.dropwizard.testing.ConfigOverride;
import io.dropwizard.testing.ResourceHelpers;
import io.dropwizard.testing.junit5.DropwizardAppExtension;
import io.sluice.adapters.postgres.PostgresFixture;
import io.sluice.bootstrap.SluiceApplication;
import io.sluice.bootstrap.SluiceConfiguration;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import org.jdbi.v3.core.Jdbi;

/** A running Sluice with {@code compat-config.yml} (keys required, tight rate limit) over a fresh PostgreSQL database. */
final class CompatServer {

    static final String SEGMENT_KEY = "segment-key";
    static final String OTHER_KEY = "other-key";
    static final String LIMITED_KEY = "limited-key";
    static final String READ_KEY = "sluice-local-read-key";
    static final String ADMIN_KEY = "admin-key";

    final PostgresFixture.TestDatabase db = PostgresFixture.newDatabase();
    final DropwizardAppExtension<SluiceConfiguration> app;
    final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

    CompatServer() {
        Path data;
        try {
            data = Files.createTempDirectory("sluice-compat");
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        app = new DropwizardAppExtension<>(SluiceApplication.class, ResourceHelpers.resourceFilePath("compat-config.yml"),
                ConfigOverride.config("dataDir", data.toString()),
                ConfigOverride.config("database.url", db.jdbcUrl()),
                ConfigOverride.config("database.user", db.user()),
                ConfigOverride.config("database.password", db.password()));
    }

    URI uri(String path) {
        return URI.create("http://localhost:" + app.getLocalPort() + path);
    }

    HttpResponse<String> send(HttpRequest request) throws IOException, InterruptedException {
        return http.send(request, HttpResponse.BodyHandlers.ofString());
    }

    HttpResponse<String> post(String path, String key, String json) throws IOException, InterruptedException {
        HttpRequest.Builder request = HttpRequest.newBuilder(uri(path)).header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(json));
        if (key != null) {
            request.header("Authorization", "Bearer " + key);
        }
        return send(request.build());
    }

    HttpResponse<String> get(String path, String key) throws IOException, InterruptedException {
        HttpRequest.Builder request = HttpRequest.newBuilder(uri(path)).GET();
        if (key != null) {
            request.header("Authorization", "Bearer " + key);
        }
        return send(request.build());
    }

    Jdbi jdbi() {
        return db.jdbi();
    }

    long count(String sql) {
        return jdbi().withHandle(h -> h.createQuery(sql).mapTo(Long.class).one());
    }

    /** Waits until {@code sql} counts at least {@code expected}, then a little longer so that nothing more arrives unseen. */
    long awaitCount(String sql, long expected, Duration timeout) throws InterruptedException {
        long deadline = System.nanoTime() + timeout.toNanos();
        long seen = count(sql);
        while (seen < expected && System.nanoTime() < deadline) {
            Thread.sleep(100);
            seen = count(sql);
        }
        Thread.sleep(500);
        return count(sql);
    }
}
