package io.sluice.bootstrap.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.dropwizard.testing.junit5.DropwizardAppExtension;
import io.dropwizard.testing.junit5.DropwizardExtensionsSupport;
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
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.jdbi.v3.core.Jdbi;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * Issue 2's end-to-end proof through the real stack: HTTP → Chronicle Queue → consumer →
 * PostgreSQL. 20,000 items from 4 concurrent clients, 1 % reusing an earlier id and 1 % invalid:
 * every accepted event lands exactly once, every aggregate equals a recomputation from
 * {@code raw_events}, every invalid item is a dead letter with its reason.
 */
@ExtendWith(DropwizardExtensionsSupport.class)
class HttpToPostgresExactlyOnceTest {

    private static final int CLIENTS = 4;
    private static final int ITEMS_PER_CLIENT = 5_000;
    private static final int BATCH = 50;
    private static final ObjectMapper JSON = new ObjectMapper();

    private static final PostgresFixture.TestDatabase DB = PostgresFixture.newDatabase();
    private static final Path DATA = TestDirectories.create("sluice-e2e");

    static final DropwizardAppExtension<SluiceConfiguration> APP = InJvmServer.extension(DB, DATA);

    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

    @Test
    void every_accepted_event_lands_exactly_once_and_is_counted_once() throws Exception {
        Instant now = Instant.now();
        Set<String> acceptedIds = ConcurrentHashMap.newKeySet();
        Set<String> rejectedIds = ConcurrentHashMap.newKeySet();
        ExecutorService clients = Executors.newFixedThreadPool(CLIENTS);
        List<Future<Integer>> sent = new ArrayList<>();
        for (int c = 0; c < CLIENTS; c++) {
            int client = c;
            sent.add(clients.submit(() -> send(client, now, acceptedIds, rejectedIds)));
        }
        int items = 0;
        for (Future<Integer> f : sent) {
            items += f.get();
        }
        clients.shutdown();

        assertThat(items).isEqualTo(CLIENTS * ITEMS_PER_CLIENT);
        // 1 % of the items repeat an id already sent: accepted again, stored once.
        int expectedDistinct = CLIENTS * ITEMS_PER_CLIENT - CLIENTS * ITEMS_PER_CLIENT / 100 * 2;
        assertThat(acceptedIds).hasSize(expectedDistinct);
        assertThat(rejectedIds).hasSize(CLIENTS * ITEMS_PER_CLIENT / 100);

        Jdbi jdbi = DB.jdbi();
        awaitStored(jdbi, acceptedIds.size(), rejectedIds.size());

        Set<String> stored = new HashSet<>(jdbi.withHandle(h -> h.createQuery("SELECT event_id FROM raw_events")
                .mapTo(String.class).list()));
        assertThat(stored).isEqualTo(acceptedIds);
        long rows = jdbi.withHandle(h -> h.createQuery("SELECT count(*) FROM raw_events").mapTo(Long.class).one());
        assertThat(rows).isEqualTo(acceptedIds.size());

        for (String[] table : new String[][] {{"hourly_aggregations", "aggregation_hour", "hour"},
                {"minute_aggregations", "aggregation_minute", "minute"}}) {
            List<Map<String, Object>> kept = jdbi.withHandle(h -> h.createQuery(
                    "SELECT extract(epoch FROM " + table[1] + ")::bigint AS bucket, event_type, total_events, unique_users, "
                            + "round(total_duration_seconds::numeric, 6) AS total_duration, "
                            + "round(avg_duration_seconds::numeric, 6) AS avg_duration FROM " + table[0]
                            + " ORDER BY 1, 2").mapToMap().list());
            List<Map<String, Object>> recomputed = jdbi.withHandle(h -> h.createQuery(
                    "SELECT extract(epoch FROM date_trunc('" + table[2] + "', timestamp AT TIME ZONE 'UTC'))::bigint AS bucket, event_type, count(*) AS total_events, "
                            + "count(DISTINCT user_id) AS unique_users, "
                            + "round(coalesce(sum(duration_seconds), 0)::numeric, 6) AS total_duration, "
                            + "round(coalesce(avg(duration_seconds), 0)::numeric, 6) AS avg_duration "
                            + "FROM raw_events GROUP BY 1, 2 ORDER BY 1, 2").mapToMap().list());
            assertThat(kept).as(table[0]).isEqualTo(recomputed);
        }

        List<Map<String, Object>> deadLetters = jdbi.withHandle(h -> h.createQuery(
                "SELECT event_id, reason, detail, origin FROM dead_letters").mapToMap().list());
        assertThat(deadLetters).hasSize(rejectedIds.size());
        assertThat(deadLetters).allSatisfy(letter -> {
            assertThat(letter.get("reason")).isEqualTo("invalid");
            assertThat((String) letter.get("detail")).contains("user_id: is required");
            assertThat(letter.get("origin")).isEqualTo("POST /v1/events");
        });
        Set<Object> deadLetterIds = new HashSet<>();
        deadLetters.forEach(l -> deadLetterIds.add(l.get("event_id")));
        assertThat(deadLetterIds).isEqualTo(new HashSet<>(rejectedIds));

        JsonNode stats = get("/v1/stats");
        assertThat(stats.get("total_events").asLong()).isEqualTo(acceptedIds.size());
        assertThat(stats.get("backlog").asLong()).isZero();

        // Seed 003's pipeline_metrics: the instance's own count of stored events catches up with the store.
        long deadline = System.nanoTime() + Duration.ofSeconds(10).toNanos();
        double snapshotted = -1;
        while (snapshotted != acceptedIds.size() && System.nanoTime() < deadline) {
            Thread.sleep(200);
            snapshotted = jdbi.withHandle(h -> h.createQuery("SELECT coalesce(max(metric_value), -1) FROM pipeline_metrics "
                    + "WHERE metric_name = 'events_persisted_total'").mapTo(Double.class).one());
        }
        assertThat(snapshotted).isEqualTo((double) acceptedIds.size());

        // The privacy rules of e2e-config.yml: nothing stored or dead-lettered holds the protected fields in clear.
        long clearPages = jdbi.withHandle(h -> h.createQuery("SELECT count(*) FROM raw_events WHERE event_data->>'page' <> '[redacted]' "
                + "OR user_id NOT LIKE 'hmac-sha256:%'").mapTo(Long.class).one());
        assertThat(clearPages).isZero();
        long clearLetters = jdbi.withHandle(h -> h.createQuery("SELECT count(*) FROM dead_letters "
                + "WHERE convert_from(payload, 'UTF8') LIKE '%/p/%'").mapTo(Long.class).one());
        assertThat(clearLetters).isZero();

        HttpResponse<String> ready = http.send(HttpRequest.newBuilder(
                URI.create("http://localhost:" + APP.getAdminPort() + "/ready")).GET().build(), HttpResponse.BodyHandlers.ofString());
        assertThat(ready.statusCode()).as(ready.body()).isEqualTo(200);
    }

    /** Sends this client's share; returns how many items it sent. */
    private int send(int client, Instant now, Set<String> acceptedIds, Set<String> rejectedIds) throws Exception {
        List<Map<String, Object>> sentBefore = new ArrayList<>();
        int count = 0;
        for (int start = 0; start < ITEMS_PER_CLIENT; start += BATCH) {
            List<Map<String, Object>> batch = new ArrayList<>(BATCH);
            for (int i = start; i < start + BATCH; i++) {
                Map<String, Object> event;
                if (i % 100 == 37 && !sentBefore.isEmpty()) {
                    // A retry of an event sent earlier: same id, same content.
                    event = sentBefore.get((i * 7919) % sentBefore.size());
                } else if (i % 100 == 73) {
                    event = new java.util.LinkedHashMap<>(Map.of("event_id", "c" + client + "-bad-" + i, "event_type", "click"));
                    rejectedIds.add((String) event.get("event_id"));
                } else {
                    event = event(client, i, now);
                    sentBefore.add(event);
                }
                batch.add(event);
            }
            HttpResponse<String> response = http.send(HttpRequest.newBuilder(uri("/v1/events"))
                    .header("Content-Type", "application/json")
                    .POST(HttpRequest.BodyPublishers.ofByteArray(JSON.writeValueAsBytes(batch))).build(),
                    HttpResponse.BodyHandlers.ofString());
            assertThat(response.statusCode()).as(response.body()).isEqualTo(202);
            JsonNode body = JSON.readTree(response.body());
            for (JsonNode item : body.get("items")) {
                if ("accepted".equals(item.get("status").asText())) {
                    acceptedIds.add(item.get("event_id").asText());
                }
            }
            count += batch.size();
        }
        return count;
    }

    private static Map<String, Object> event(int client, int i, Instant now) {
        String[] types = {"page_view", "click", "search", "purchase", "login"};
        // Spread over the last six hours, so there are late events in closed buckets too.
        Instant at = now.minus((i * 131L) % 360, ChronoUnit.MINUTES).truncatedTo(ChronoUnit.SECONDS);
        Map<String, Object> event = new java.util.LinkedHashMap<>();
        event.put("event_id", "c" + client + "-e" + i);
        event.put("user_id", "user_" + ((client * 31 + i) % 250));
        event.put("event_type", types[i % types.length]);
        event.put("timestamp", at.toString());
        if (i % 3 != 0) {
            event.put("duration_seconds", (i % 17) * 0.25);
        }
        event.put("properties", Map.of("page", "/p/" + (i % 40), "amount", i % 200));
        return event;
    }

    private void awaitStored(Jdbi jdbi, int events, int deadLetters) throws InterruptedException {
        long deadline = System.nanoTime() + Duration.ofSeconds(90).toNanos();
        while (System.nanoTime() < deadline) {
            long stored = jdbi.withHandle(h -> h.createQuery("SELECT count(*) FROM raw_events").mapTo(Long.class).one());
            long letters = jdbi.withHandle(h -> h.createQuery("SELECT count(*) FROM dead_letters").mapTo(Long.class).one());
            if (stored >= events && letters >= deadLetters) {
                Thread.sleep(500); // and nothing more arrives after that
                return;
            }
            Thread.sleep(200);
        }
    }

    private JsonNode get(String path) throws Exception {
        // Read routes always need a read key (issue 4); e2e-config.yml accepts the documented local one.
        HttpResponse<String> response = http.send(HttpRequest.newBuilder(uri(path))
                        .header("Authorization", "Bearer sluice-local-read-key").GET().build(),
                HttpResponse.BodyHandlers.ofString());
        assertThat(response.statusCode()).as(response.body()).isEqualTo(200);
        return JSON.readTree(response.body());
    }

    private static URI uri(String path) {
        return URI.create("http://localhost:" + APP.getLocalPort() + path);
    }
}
