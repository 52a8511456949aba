package io.sluice.bootstrap.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicBoolean;
import org.jdbi.v3.core.Jdbi;
import org.junit.jupiter.api.Test;

/**
 * Issue 2's crash proof with a real process on the embedded default (Chronicle + embedded
 * PostgreSQL with durable settings): SIGKILL under load, restart on the same data directory,
 * and every event that got a 2xx is stored exactly once and counted once.
 */
class CrashRecoveryIT {

    private static final ObjectMapper JSON = new ObjectMapper();

    @Test
    void sigkill_under_load_loses_nothing_acknowledged_and_counts_nothing_twice() throws Exception {
        Path data = Files.createTempDirectory("sluice-crash");
        int httpPort = SluiceProcess.freePort();
        int adminPort = SluiceProcess.freePort();
        int dbPort = SluiceProcess.freePort();
        Map<String, String> env = Map.of("SLUICE_DATA_DIR", data.toString(), "SLUICE_EMBEDDED_DB_PORT", Integer.toString(dbPort));
        Path log = data.resolve("sluice.log");

        Set<String> acknowledged = ConcurrentHashMap.newKeySet();
        Set<String> sent = ConcurrentHashMap.newKeySet();
        SluiceProcess first = SluiceProcess.start(env, httpPort, adminPort, log);
        AtomicBoolean loading = new AtomicBoolean(true);
        List<Thread> clients = new ArrayList<>();
        for (int c = 0; c < 4; c++) {
            int client = c;
            Thread thread = new Thread(() -> load(first, client, loading, sent, acknowledged));
            thread.start();
            clients.add(thread);
        }
        // Let the consumer be mid-way: some batches committed, some read, some still in the queue.
        awaitAcknowledged(acknowledged, 3_000, Duration.ofSeconds(60));
        first.kill();
        loading.set(false);
        for (Thread thread : clients) {
            thread.join();
        }
        int acknowledgedAtKill = acknowledged.size();
        assertThat(acknowledgedAtKill).isGreaterThanOrEqualTo(3_000);

        try (SluiceProcess second = SluiceProcess.start(env, httpPort, adminPort, log)) {
            awaitBacklogDrained(second, Duration.ofSeconds(120));
            // The embedded database's superuser password, generated at its first start beside its directory.
            String password = Files.readString(data.resolve("postgres.password")).trim();
            Jdbi jdbi = Jdbi.create("jdbc:postgresql://127.0.0.1:" + dbPort + "/postgres", "postgres", password);
            List<String> stored = jdbi.withHandle(h -> h.createQuery("SELECT event_id FROM raw_events").mapTo(String.class).list());
            Set<String> storedSet = new HashSet<>(stored);
            assertThat(stored).hasSameSizeAs(storedSet);                 // exactly once
            assertThat(storedSet).containsAll(acknowledged);             // nothing acknowledged lost
            assertThat(sent).containsAll(storedSet);                     // nothing invented
            List<Map<String, Object>> kept = jdbi.withHandle(h -> h.createQuery(
                    "SELECT extract(epoch FROM aggregation_hour)::bigint AS bucket, event_type, total_events, unique_users "
                            + "FROM hourly_aggregations ORDER BY 1, 2").mapToMap().list());
            List<Map<String, Object>> recomputed = jdbi.withHandle(h -> h.createQuery(
                    "SELECT extract(epoch FROM date_trunc('hour', timestamp AT TIME ZONE 'UTC'))::bigint AS bucket, event_type, "
                            + "count(*) AS total_events, count(DISTINCT user_id) AS unique_users "
                            + "FROM raw_events GROUP BY 1, 2 ORDER BY 1, 2").mapToMap().list());
            assertThat(kept).isEqualTo(recomputed);                      // counted once
        }
        deleteRecursively(data);
    }

    private static void deleteRecursively(Path root) throws java.io.IOException {
        try (java.util.stream.Stream<Path> paths = Files.walk(root)) {
            paths.sorted(java.util.Comparator.reverseOrder()).forEach(path -> path.toFile().delete());
        }
    }

    private static void load(SluiceProcess server, int client, AtomicBoolean loading, Set<String> sent, Set<String> acknowledged) {
        HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();
        for (int request = 0; loading.get(); request++) {
            List<Map<String, Object>> batch = new ArrayList<>();
            for (int i = 0; i < 20; i++) {
                Map<String, Object> event = new LinkedHashMap<>();
                event.put("event_id", "k" + client + "-" + request + "-" + i);
                event.put("user_id", "user_" + ((request * 20 + i) % 97));
                event.put("event_type", i % 2 == 0 ? "page_view" : "click");
                event.put("timestamp", Instant.now().toString());
                event.put("duration_seconds", i * 0.5);
                batch.add(event);
                sent.add((String) event.get("event_id"));
            }
            try {
                HttpResponse<String> response = http.send(HttpRequest.newBuilder(server.uri("/v1/events"))
                        .timeout(Duration.ofSeconds(5))
                        .header("Content-Type", "application/json")
                        .POST(HttpRequest.BodyPublishers.ofByteArray(JSON.writeValueAsBytes(batch))).build(),
                        HttpResponse.BodyHandlers.ofString());
                if (response.statusCode() == 202) {
                    for (JsonNode item : JSON.readTree(response.body()).get("items")) {
                        acknowledged.add(item.get("event_id").asText());
                    }
                }
            } catch (Exception serverGone) {
                // The server was killed: requests without a 2xx are not acknowledged.
            }
        }
    }

    private static void awaitAcknowledged(Set<String> acknowledged, int count, Duration timeout) throws InterruptedException {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (acknowledged.size() < count && System.nanoTime() < deadline) {
            Thread.sleep(50);
        }
    }

    private static void awaitBacklogDrained(SluiceProcess server, Duration timeout) throws Exception {
        HttpClient http = HttpClient.newHttpClient();
        long deadline = System.nanoTime() + timeout.toNanos();
        while (System.nanoTime() < deadline) {
            HttpResponse<String> response = http.send(HttpRequest.newBuilder(server.uri("/v1/stats"))
                            // config.yml accepts the documented local read key (issue 4).
                            .header("Authorization", "Bearer sluice-local-read-key").GET().build(),
                    HttpResponse.BodyHandlers.ofString());
            if (response.statusCode() == 200 && JSON.readTree(response.body()).get("backlog").asLong() == 0) {
                return;
            }
            Thread.sleep(250);
        }
        throw new AssertionError("backlog did not drain within " + timeout);
    }
}
