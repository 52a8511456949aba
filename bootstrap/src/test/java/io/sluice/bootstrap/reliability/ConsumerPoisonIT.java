package io.sluice.bootstrap.reliability;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.sluice.bootstrap.testkit.Reconciliation;
import io.sluice.bootstrap.testkit.SluiceProcess;
import io.sluice.bootstrap.testkit.TestDirectories;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * Issue 13, findings 1 and 2, with their exact inputs, against the real jar on the shipped
 * {@code config.yml} under {@code -Xmx512m}, anonymous clients as in the probe: records the
 * database refuses, and legal traffic heavy in bytes, neither stop the consumer; every ordinary
 * acknowledged event sent beside or after the attack is stored exactly once, and the server keeps
 * ingesting.
 */
class ConsumerPoisonIT {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final HttpClient HTTP = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

    private Path data;

    @AfterEach
    void cleanUp() throws Exception {
        TestDirectories.deleteRecursively(data);
    }

    @Test
    void durations_and_metric_values_that_overflow_their_bucket_are_dead_lettered_and_nothing_else_stops() throws Exception {
        data = Files.createTempDirectory("sluice-poison");
        SluiceProcess.Settings settings = new SluiceProcess.Settings(data).embeddedDatabaseOnFreePort();
        try (SluiceProcess server = SluiceProcess.start(settings)) {
            String minute = Instant.now().truncatedTo(ChronoUnit.MINUTES).minus(Duration.ofMinutes(10)).toString();
            Set<String> acknowledged = new HashSet<>();
            Set<String> sent = new HashSet<>();

            // The first huge duration is stored; the second, in a later batch, overflows the bucket's sum.
            postEvents(server, List.of(event("huge-1", "overflow", "attacker", minute, "1.7e308")), acknowledged, sent);
            awaitStored(server, "huge-1");
            postMetric(server, "{\"name\":\"overflow_metric\",\"value\":1.7e308,\"timestamp\":\"" + minute + "\"}");
            awaitMetricCount(server, 1);
            postEvents(server, List.of(event("huge-2", "overflow", "attacker2", minute, "1.7e308")), new HashSet<>(), sent);
            postMetric(server, "{\"name\":\"overflow_metric\",\"value\":1.7e308,\"timestamp\":\"" + minute + "\"}");
            // 1,000 ordinary events acknowledged afterwards, some in the very bucket the attack hit.
            for (int request = 0; request < 10; request++) {
                List<String> items = new ArrayList<>();
                for (int i = 0; i < 100; i++) {
                    int n = request * 100 + i;
                    items.add(event("ordinary-" + n, n % 2 == 0 ? "overflow" : "page_view", "user-" + (n % 37), minute,
                            Integer.toString(n % 60)));
                }
                postEvents(server, items, acknowledged, sent);
            }
            postMetric(server, "{\"name\":\"overflow_metric\",\"value\":2.5,\"timestamp\":\"" + minute + "\"}");

            server.awaitBacklogDrained(Duration.ofSeconds(120));
            Reconciliation result = Reconciliation.of(server.database(), sent, acknowledged);
            assertThat(result.exact()).as("reconciliation %s", result.asMap()).isTrue();
            assertThat(result.distinctStored()).isEqualTo(1_001);

            JsonNode letters = JSON.readTree(send(server.get("/v1/dead-letters?reason=retries_exhausted&limit=100").build()).body())
                    .get("dead_letters");
            assertThat(letters).hasSize(2);
            assertThat(letters).anySatisfy(letter -> assertThat(letter.get("event_id").asText()).isEqualTo("huge-2"));
            assertThat(letters).allSatisfy(letter -> assertThat(letter.get("detail").asText()).contains("aggregate_overflow"));
            awaitMetricCount(server, 2);
            assertThat(server.logText()).contains("could not store a batch of");

            // Still ingesting and storing.
            Set<String> later = new HashSet<>();
            postEvents(server, List.of(event("after-1", "page_view", "u", null, "1")), later, sent);
            awaitStored(server, "after-1");
            assertThat(health(server).isEmpty()).isTrue();
            assertThat(server.isAlive()).isTrue();
        }
    }

    @Test
    void batches_heavy_in_bytes_and_huge_dead_letters_are_stored_within_512_mib() throws Exception {
        data = Files.createTempDirectory("sluice-bytes");
        SluiceProcess.Settings settings = new SluiceProcess.Settings(data).embeddedDatabaseOnFreePort();
        try (SluiceProcess server = SluiceProcess.start(settings)) {
            String properties = "{\"blob\":\"" + "x".repeat(32_000) + "\"}";
            Set<String> acknowledged = Collections.synchronizedSet(new HashSet<>());
            Set<String> sent = Collections.synchronizedSet(new HashSet<>());
            // 334 requests of 30 events with ~32 KB properties, from 4 clients at once.
            ExecutorService clients = Executors.newFixedThreadPool(4);
            try {
                List<Future<?>> done = new ArrayList<>();
                for (int client = 0; client < 4; client++) {
                    int c = client;
                    done.add(clients.submit(() -> {
                        for (int request = c; request < 334; request += 4) {
                            StringBuilder body = new StringBuilder("[");
                            for (int i = 0; i < 30; i++) {
                                String id = "big-" + request + "-" + i;
                                body.append(i == 0 ? "" : ",").append("{\"event_id\":\"").append(id)
                                        .append("\",\"event_type\":\"page_view\",\"user_id\":\"u").append(i)
                                        .append("\",\"properties\":").append(properties).append('}');
                            }
                            body.append(']');
                            postBody(server, body.toString(), acknowledged, sent);
                        }
                        return null;
                    }));
                }
                for (Future<?> client : done) {
                    client.get();
                }
            } finally {
                clients.shutdownNow();
            }
            assertThat(acknowledged).hasSize(10_020);
            // 300 invalid items of about 1 MiB each: each becomes a dead letter holding its bytes.
            String hugeProperties = "{\"blob\":\"" + "y".repeat(1_000_000) + "\"}";
            for (int i = 0; i < 300; i++) {
                HttpResponse<String> response = send(HttpRequest.newBuilder(server.uri("/v1/events"))
                        .timeout(Duration.ofSeconds(60)).header("Content-Type", "application/json")
                        .POST(HttpRequest.BodyPublishers.ofString("{\"event_type\":\"page_view\",\"user_id\":\"u\",\"properties\":"
                                + hugeProperties + "}")).build());
                assertThat(response.statusCode()).as(response.body()).isIn(202, 400, 422);
            }
            postEvents(server, List.of(event("after-attack", "page_view", "u", null, "1")), acknowledged, sent);

            server.awaitBacklogDrained(Duration.ofSeconds(300));
            assertThat(server.isAlive()).isTrue();
            assertThat(server.logText()).doesNotContain("OutOfMemoryError");
            Reconciliation result = Reconciliation.of(server.database(), sent, acknowledged);
            assertThat(result.exact()).as("reconciliation %s", result.asMap()).isTrue();
            assertThat(result.distinctStored()).isEqualTo(10_021);

            // Listing 1,000 dead letters over 1 MiB payloads answers, without the payloads, and pages on.
            HttpResponse<String> listing = send(server.get("/v1/dead-letters?limit=1000").build());
            assertThat(listing.statusCode()).as(listing.body()).isEqualTo(200);
            JsonNode page = JSON.readTree(listing.body());
            assertThat(page.get("dead_letters")).hasSize(300);
            assertThat(page.get("dead_letters")).allSatisfy(letter -> {
                assertThat(letter.get("payload_omitted").asBoolean()).isTrue();
                assertThat(letter.get("payload_bytes").asInt()).isGreaterThan(1_000_000);
            });
            HttpResponse<String> one = send(server.get("/v1/dead-letters/" + page.get("dead_letters").get(0).get("id").asLong()).build());
            assertThat(one.statusCode()).isEqualTo(200);
            assertThat(JSON.readTree(one.body()).get("payload").asText()).contains("yyyy");
            // Replaying all of them reads them in byte-bounded chunks; they are still invalid and stay pending.
            HttpResponse<String> replay = send(HttpRequest.newBuilder(server.uri("/v1/dead-letters/replay?limit=1000"))
                    .timeout(Duration.ofSeconds(120)).header("Authorization", "Bearer " + SluiceProcess.ADMIN_KEY)
                    .POST(HttpRequest.BodyPublishers.noBody()).build());
            assertThat(replay.statusCode()).as(replay.body()).isEqualTo(200);
            assertThat(JSON.readTree(replay.body()).get("still_invalid")).hasSize(300);

            postEvents(server, List.of(event("after-reads", "page_view", "u", null, "1")), new HashSet<>(), new HashSet<>());
            awaitStored(server, "after-reads");
            assertThat(server.isAlive()).isTrue();
            assertThat(health(server).isEmpty()).isTrue();
        }
    }

    private static String event(String id, String type, String user, String timestamp, String duration) {
        return "{\"event_id\":\"" + id + "\",\"event_type\":\"" + type + "\",\"user_id\":\"" + user + "\""
                + (timestamp == null ? "" : ",\"timestamp\":\"" + timestamp + "\"")
                + ",\"duration_seconds\":" + duration + "}";
    }

    private static void postEvents(SluiceProcess server, List<String> items, Set<String> acknowledged, Set<String> sent) throws Exception {
        postBody(server, "[" + String.join(",", items) + "]", acknowledged, sent);
    }

    /** Posts a batch; records every item id as sent, and as acknowledged when the answer accepted it. */
    private static void postBody(SluiceProcess server, String body, Set<String> acknowledged, Set<String> sent) throws Exception {
        JsonNode items = JSON.readTree(body);
        for (JsonNode item : items) {
            sent.add(item.get("event_id").asText());
        }
        HttpResponse<String> response = send(HttpRequest.newBuilder(server.uri("/v1/events")).timeout(Duration.ofSeconds(60))
                .header("Content-Type", "application/json").POST(HttpRequest.BodyPublishers.ofString(body)).build());
        assertThat(response.statusCode()).as(response.body()).isEqualTo(202);
        for (JsonNode item : JSON.readTree(response.body()).get("items")) {
            if ("accepted".equals(item.get("status").asText())) {
                acknowledged.add(item.get("event_id").asText());
            }
        }
    }

    private static void postMetric(SluiceProcess server, String body) throws Exception {
        HttpResponse<String> response = send(HttpRequest.newBuilder(server.uri("/api/v1/metrics")).timeout(Duration.ofSeconds(30))
                .header("Content-Type", "application/json").POST(HttpRequest.BodyPublishers.ofString(body)).build());
        assertThat(response.statusCode()).as(response.body()).isEqualTo(202);
    }

    private static void awaitStored(SluiceProcess server, String id) throws Exception {
        long deadline = System.nanoTime() + Duration.ofSeconds(60).toNanos();
        int status = 0;
        while (System.nanoTime() < deadline) {
            status = send(server.get("/v1/events/" + id).build()).statusCode();
            if (status == 200) {
                return;
            }
            Thread.sleep(100);
        }
        throw new AssertionError("event " + id + " not stored within 60 s (last status " + status + ")");
    }

    private static void awaitMetricCount(SluiceProcess server, int count) throws Exception {
        long deadline = System.nanoTime() + Duration.ofSeconds(60).toNanos();
        String last = "";
        while (System.nanoTime() < deadline) {
            HttpResponse<String> response = send(server.get("/api/v1/metrics?limit=100").build());
            last = response.body();
            if (response.statusCode() == 200 && JSON.readTree(last).size() >= count) {
                return;
            }
            Thread.sleep(100);
        }
        throw new AssertionError("fewer than " + count + " metric samples within 60 s: " + last);
    }

    /** The names of the unhealthy health checks. */
    private static List<String> health(SluiceProcess server) throws Exception {
        JsonNode body = JSON.readTree(send(HttpRequest.newBuilder(server.adminUri("/healthcheck")).GET().build()).body());
        List<String> unhealthy = new ArrayList<>();
        body.fields().forEachRemaining(check -> {
            if (!check.getValue().get("healthy").asBoolean()) {
                unhealthy.add(check.getKey());
            }
        });
        return unhealthy;
    }

    private static HttpResponse<String> send(HttpRequest request) throws Exception {
        return HTTP.send(request, HttpResponse.BodyHandlers.ofString());
    }
}
