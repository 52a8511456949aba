package io.sluice.bootstrap.testkit;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.dropwizard.testing.ConfigOverride;
import io.dropwizard.testing.DropwizardTestSupport;
import io.dropwizard.testing.ResourceHelpers;
import io.dropwizard.testing.junit5.DropwizardAppExtension;
import io.sluice.adapters.postgres.PostgresFixture;
import io.sluice.bootstrap.SluiceApplication;
import io.sluice.bootstrap.SluiceConfiguration;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.function.Predicate;
import org.jdbi.v3.core.Jdbi;

/**
 * Sluice in the test JVM, the one place tests build a {@code DropwizardAppExtension} or
 * {@code DropwizardTestSupport}. Statically: {@code e2e-config.yml} (Chronicle buffer, ephemeral
 * ports) or any configuration file, over a test database and a data directory of the test's own.
 * As an instance: a server for a test class with the HTTP calls its tests make, either on the
 * shipped {@code config.yml} ({@link #shipped()}) or on a test configuration over a fresh test
 * database ({@link #onTestDatabase}). Instances are not thread-safe to build; their calls are.
 */
public final class InJvmServer {

    public static final ObjectMapper JSON = new ObjectMapper();

    /** For {@code @RegisterExtension}; started and stopped by JUnit. */
    public final DropwizardAppExtension<SluiceConfiguration> app;
    private final PostgresFixture.TestDatabase db;
    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

    private InJvmServer(DropwizardAppExtension<SluiceConfiguration> app, PostgresFixture.TestDatabase db) {
        this.app = app;
        this.db = db;
    }

    /** A configuration file among the test resources. */
    public static String testConfig(String name) {
        return ResourceHelpers.resourceFilePath(name);
    }

    /** For {@code @ExtendWith(DropwizardExtensionsSupport.class)} tests: one server for the test class. */
    public static DropwizardAppExtension<SluiceConfiguration> extension(String config, ConfigOverride... overrides) {
        return new DropwizardAppExtension<>(SluiceApplication.class, config, overrides);
    }

    /** One server for the test class on {@code e2e-config.yml}. */
    public static DropwizardAppExtension<SluiceConfiguration> extension(PostgresFixture.TestDatabase db, Path dataDir,
                                                                         ConfigOverride... more) {
        return extension(testConfig("e2e-config.yml"), overrides(db, dataDir, more));
    }

    /** For tests that start and stop servers themselves. */
    public static DropwizardTestSupport<SluiceConfiguration> support(String config, ConfigOverride... overrides) {
        return new DropwizardTestSupport<>(SluiceApplication.class, config, overrides);
    }

    /** For tests that start and stop servers on {@code e2e-config.yml} themselves, several on the same data directory. */
    public static DropwizardTestSupport<SluiceConfiguration> support(PostgresFixture.TestDatabase db, Path dataDir,
                                                                     ConfigOverride... more) {
        return support(testConfig("e2e-config.yml"), overrides(db, dataDir, more));
    }

    /** This database and data directory, then {@code more}. */
    public static ConfigOverride[] overrides(PostgresFixture.TestDatabase db, Path dataDir, ConfigOverride... more) {
        List<ConfigOverride> all = new ArrayList<>(List.of(
                ConfigOverride.config("dataDir", dataDir.toString()),
                ConfigOverride.config("database.url", db.jdbcUrl()),
                ConfigOverride.config("database.user", db.user()),
                ConfigOverride.config("database.password", db.password())));
        all.addAll(Arrays.asList(more));
        return all.toArray(ConfigOverride[]::new);
    }

    /**
     * The shipped {@code config.yml}, unmodified but for what a user overrides by environment
     * variable anyway: free ports and a fresh data directory (so the embedded PostgreSQL and the
     * Chronicle queue are its own). Auth, keys, rate limits and everything else are as shipped.
     */
    public static InJvmServer shipped() {
        return new InJvmServer(extension(SluiceProcess.rootConfig().toString(),
                ConfigOverride.config("dataDir", TestDirectories.create("sluice-shipped").toString()),
                ConfigOverride.config("server.applicationConnectors[0].port", "0"),
                ConfigOverride.config("server.adminConnectors[0].port", "0")), null);
    }

    /** A test configuration file over a fresh test database and data directory. */
    public static InJvmServer onTestDatabase(String configResource) {
        PostgresFixture.TestDatabase db = PostgresFixture.newDatabase();
        return new InJvmServer(extension(testConfig(configResource), overrides(db, TestDirectories.create("sluice-in-jvm"))), db);
    }

    public URI uri(String path) {
        return URI.create("http://localhost:" + app.getLocalPort() + path);
    }

    public URI adminUri(String path) {
        return URI.create("http://localhost:" + app.getAdminPort() + path);
    }

    public HttpResponse<String> send(HttpRequest request) throws IOException, InterruptedException {
        return http.send(request, HttpResponse.BodyHandlers.ofString());
    }

    /** A POST of JSON, with this key as a bearer token unless it is null. */
    public HttpResponse<String> post(String path, String key, String json) throws IOException, InterruptedException {
        return post(path, key, "application/json", json);
    }

    /** A POST with this content type and key (as a bearer token), each left out when null. */
    public HttpResponse<String> post(String path, String key, String contentType, String body) throws IOException, InterruptedException {
        HttpRequest.Builder request = HttpRequest.newBuilder(uri(path)).POST(HttpRequest.BodyPublishers.ofString(body));
        if (contentType != null) {
            request.header("Content-Type", contentType);
        }
        if (key != null) {
            request.header("Authorization", "Bearer " + key);
        }
        return send(request.build());
    }

    public HttpResponse<String> get(String path, String key) throws IOException, InterruptedException {
        HttpRequest.Builder request = HttpRequest.newBuilder(uri(path)).GET();
        if (key != null) {
            request.header("Authorization", "Bearer " + key);
        }
        return send(request.build());
    }

    /** GETs a read route with the local read key until its JSON answer satisfies {@code done}, or the time is up. */
    public JsonNode awaitRead(String path, Predicate<JsonNode> done, Duration timeout) throws IOException, InterruptedException {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (true) {
            HttpResponse<String> answer = get(path, SluiceProcess.READ_KEY);
            if (answer.statusCode() != 200) {
                throw new AssertionError("GET " + path + " answered " + answer.statusCode() + ": " + answer.body());
            }
            JsonNode seen = JSON.readTree(answer.body());
            if (done.test(seen) || System.nanoTime() > deadline) {
                return seen;
            }
            Thread.sleep(100);
        }
    }

    /** The test database of a server {@link #onTestDatabase on one}. */
    public Jdbi jdbi() {
        if (db == null) {
            throw new IllegalStateException("this server runs on its embedded database");
        }
        return db.jdbi();
    }

    public long count(String sql) {
        return jdbi().withHandle(h -> h.createQuery(sql).mapTo(Long.class).one());
    }

    /** Waits until {@code sql} counts at least {@code expected}, then a little longer so that nothing more arrives unseen. */
    public long awaitCount(String sql, long expected, Duration timeout) throws InterruptedException {
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
