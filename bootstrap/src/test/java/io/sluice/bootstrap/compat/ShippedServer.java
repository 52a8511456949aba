package io.sluice.bootstrap.compat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.dropwizard.testing.ConfigOverride;
import io.dropwizard.testing.junit5.DropwizardAppExtension;
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
import java.util.function.Predicate;

/**
 * Sluice on the shipped {@code config.yml}, unmodified but for what a user overrides by
 * environment variable anyway: free ports and a fresh data directory (so the embedded PostgreSQL
 * and the Chronicle queue are its own). Auth, keys, rate limits and everything else are as shipped.
 */
final class ShippedServer {

    /** The documented local read key {@code config.yml} accepts. */
    static final String LOCAL_READ_KEY = "sluice-local-read-key";

    static final ObjectMapper JSON = new ObjectMapper();

    final DropwizardAppExtension<SluiceConfiguration> app;
    final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

    ShippedServer() {
        Path data;
        try {
            data = Files.createTempDirectory("sluice-shipped");
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        app = new DropwizardAppExtension<>(SluiceApplication.class, System.getProperty("sluice.config", "../config.yml"),
                ConfigOverride.config("dataDir", data.toString()),
                ConfigOverride.config("server.applicationConnectors[0].port", "0"),
                ConfigOverride.config("server.adminConnectors[0].port", "0"));
    }

    URI uri(String path) {
        return URI.create("http://localhost:" + app.getLocalPort() + path);
    }

    URI adminUri(String path) {
        return URI.create("http://localhost:" + app.getAdminPort() + path);
    }

    HttpResponse<String> send(HttpRequest request) throws IOException, InterruptedException {
        return http.send(request, HttpResponse.BodyHandlers.ofString());
    }

    HttpResponse<String> post(String path, String key, String contentType, String body) throws IOException, InterruptedException {
        HttpRequest.Builder request = HttpRequest.newBuilder(uri(path)).POST(HttpRequest.BodyPublishers.ofString(body));
        if (contentType != null) {
            request.header("Content-Type", contentType);
        }
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

    /** GETs a read route with the local read key until its JSON answer satisfies {@code done}, or the time is up. */
    JsonNode awaitRead(String path, Predicate<JsonNode> done, Duration timeout) throws IOException, InterruptedException {
        long deadline = System.nanoTime() + timeout.toNanos();
        JsonNode seen;
        while (true) {
            HttpResponse<String> answer = get(path, LOCAL_READ_KEY);
            if (answer.statusCode() != 200) {
                throw new AssertionError("GET " + path + " answered " + answer.statusCode() + ": " + answer.body());
            }
            seen = JSON.readTree(answer.body());
            if (done.test(seen) || System.nanoTime() > deadline) {
                return seen;
            }
            Thread.sleep(100);
        }
    }
}
