package io.sluice.bootstrap.e2e;

import io.sluice.bootstrap.testkit.InJvmServer;
import io.sluice.bootstrap.testkit.TestDirectories;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.dropwizard.testing.junit5.DropwizardAppExtension;
import io.dropwizard.testing.junit5.DropwizardExtensionsSupport;
import io.sluice.adapters.postgres.PostgresFixture;
import io.sluice.bootstrap.SluiceConfiguration;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.jdbi.v3.core.Jdbi;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * Issue 14, finding 9 through the real HTTP API: operators pressing replay at the same moment,
 * on one dead letter and on all of a reason, with the operator key, against a real PostgreSQL and
 * the whole pipeline (Chronicle buffer, consumer). Each dead letter is replayed and reported once
 * (one 200, the others 409 {@code already_replayed}; replay-all reports disjoint sets), and each
 * event it held is stored and counted once, with no new dead letter made by the race.
 */
@ExtendWith(DropwizardExtensionsSupport.class)
class ConcurrentReplayOverHttpTest {

    private static final String ADMIN_KEY = "sluice-e2e-admin-key";
    private static final String READ_KEY = "sluice-local-read-key";
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final int LETTERS = 6;
    private static final int CLIENTS = 8;

    private static final PostgresFixture.TestDatabase DB = PostgresFixture.newDatabase();
    private static final Path DATA = TestDirectories.create("sluice-concurrent-replay");

    static final DropwizardAppExtension<SluiceConfiguration> APP = InJvmServer.extension(DB, DATA);

    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

    private record Answer(int status, JsonNode body) {
    }

    @Test
    void concurrent_replays_of_one_letter_and_of_a_reason_replay_report_and_store_each_event_once() throws Exception {
        // Dead letters that a replay can fix: refused by a schema, then the schema is relaxed.
        assertThat(send("PUT", "/v1/schemas/refund", ADMIN_KEY, schema("\"minimum\":0", "block")).status()).isEqualTo(201);
        List<String> items = new ArrayList<>();
        for (int n = 0; n < LETTERS; n++) {
            items.add("{\"event_id\":\"refund-" + n + "\",\"event_type\":\"refund\",\"user_id\":\"u" + n + "\","
                    + "\"properties\":{\"amount\":-" + (n + 1) + "}}");
        }
        Answer refused = send("POST", "/v1/events", null, "[" + String.join(",", items) + "]");
        assertThat(refused.status()).as("%s", refused.body()).isEqualTo(422);
        Jdbi jdbi = DB.jdbi();
        awaitCount(jdbi, "SELECT count(*) FROM dead_letters WHERE reason = 'schema'", LETTERS);
        assertThat(send("PUT", "/v1/schemas/refund", ADMIN_KEY, schema("\"maximum\":0", "block")).status()).isEqualTo(201);
        List<Long> ids = jdbi.withHandle(h -> h.createQuery("SELECT id FROM dead_letters WHERE reason = 'schema' ORDER BY id")
                .mapTo(Long.class).list());

        // One letter, eight operators at once.
        long first = ids.get(0);
        List<Answer> one = concurrently(CLIENTS, () -> send("POST", "/v1/dead-letters/" + first + "/replay", ADMIN_KEY, null));
        assertThat(one).filteredOn(a -> a.status() == 200).as("%s", one).hasSize(1);
        assertThat(one).filteredOn(a -> a.status() == 409).as("%s", one).hasSize(CLIENTS - 1)
                .allSatisfy(a -> {
                    assertThat(a.body().get("error").asText()).isEqualTo("already_replayed");
                    assertThat(a.body().get("dead_letter_id").asLong()).isEqualTo(first);
                });
        JsonNode replayedOnce = one.stream().filter(a -> a.status() == 200).findFirst().orElseThrow().body();
        assertThat(ids(replayedOnce.get("replayed"))).containsExactly(first);
        assertThat(replayedOnce.get("still_invalid")).isEmpty();

        // All of the reason, four operators at once: the remaining letters, each reported by one of them.
        List<Answer> all = concurrently(4, () -> send("POST", "/v1/dead-letters/replay?reason=schema", ADMIN_KEY, null));
        assertThat(all).as("%s", all).allSatisfy(a -> {
            assertThat(a.status()).isEqualTo(200);
            assertThat(a.body().get("still_invalid")).isEmpty();
        });
        List<Long> reported = new ArrayList<>();
        all.forEach(a -> reported.addAll(ids(a.body().get("replayed"))));
        assertThat(reported).as("replayed reports of the concurrent replay-alls: %s", all)
                .containsExactlyInAnyOrderElementsOf(ids.subList(1, LETTERS));
        Answer again = send("POST", "/v1/dead-letters/replay?reason=schema", ADMIN_KEY, null);
        assertThat(again.body().get("replayed")).as("nothing is left to replay").isEmpty();

        awaitCount(jdbi, "SELECT count(*) FROM raw_events WHERE event_type = 'refund'", LETTERS);
        awaitBacklogDrained();
        assertThat(count(jdbi, "SELECT count(*) FROM raw_events WHERE event_type = 'refund'")).isEqualTo(LETTERS);
        assertThat(count(jdbi, "SELECT count(DISTINCT event_id) FROM raw_events WHERE event_type = 'refund'")).isEqualTo(LETTERS);
        assertThat(count(jdbi, "SELECT coalesce(sum(total_events), 0) FROM hourly_aggregations WHERE event_type = 'refund'"))
                .as("counted once").isEqualTo(LETTERS);
        assertThat(count(jdbi, "SELECT count(*) FROM dead_letters")).as("the race made no dead letter").isEqualTo(LETTERS);
        assertThat(count(jdbi, "SELECT count(*) FROM dead_letters WHERE replayed_at IS NOT NULL")).isEqualTo(LETTERS);
    }

    private static String schema(String amountRule, String enforcement) {
        return "{\"schema\":{\"type\":\"object\",\"required\":[\"amount\"],\"properties\":{\"amount\":{\"type\":\"number\","
                + amountRule + "}}},\"compatibility\":\"none\",\"enforcement\":\"" + enforcement + "\"}";
    }

    private static List<Long> ids(JsonNode replayed) {
        List<Long> ids = new ArrayList<>();
        replayed.forEach(item -> ids.add(item.get("dead_letter_id").asLong()));
        return ids;
    }

    /** Runs {@code clients} copies of {@code call} released together by one latch. */
    private static List<Answer> concurrently(int clients, Callable<Answer> call) throws Exception {
        ExecutorService pool = Executors.newFixedThreadPool(clients);
        try {
            CountDownLatch ready = new CountDownLatch(clients);
            CountDownLatch go = new CountDownLatch(1);
            List<Future<Answer>> futures = new ArrayList<>();
            for (int n = 0; n < clients; n++) {
                futures.add(pool.submit(() -> {
                    ready.countDown();
                    go.await();
                    return call.call();
                }));
            }
            ready.await();
            go.countDown();
            List<Answer> answers = new ArrayList<>();
            for (Future<Answer> future : futures) {
                answers.add(future.get());
            }
            return answers;
        } finally {
            pool.shutdownNow();
        }
    }

    private Answer send(String method, String path, String key, String body) throws Exception {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + APP.getLocalPort() + path))
                .timeout(Duration.ofSeconds(30)).header("Content-Type", "application/json")
                .method(method, body == null ? HttpRequest.BodyPublishers.noBody() : HttpRequest.BodyPublishers.ofString(body));
        if (key != null) {
            request.header("Authorization", "Bearer " + key);
        }
        HttpResponse<String> response = http.send(request.build(), HttpResponse.BodyHandlers.ofString());
        return new Answer(response.statusCode(), response.body().isEmpty() ? null : JSON.readTree(response.body()));
    }

    private void awaitBacklogDrained() throws Exception {
        long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
        Answer stats = null;
        while (System.nanoTime() < deadline) {
            stats = send("GET", "/v1/stats", READ_KEY, null);
            if (stats.status() == 200 && stats.body().toString().contains("\"backlog\":0")) {
                return;
            }
            Thread.sleep(100);
        }
        throw new AssertionError("backlog did not drain; last stats: " + stats);
    }

    private static long count(Jdbi jdbi, String sql) {
        return jdbi.withHandle(h -> h.createQuery(sql).mapTo(Long.class).one());
    }

    private static void awaitCount(Jdbi jdbi, String sql, long expected) throws InterruptedException {
        long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
        long count = -1;
        while (System.nanoTime() < deadline) {
            count = count(jdbi, sql);
            if (count >= expected) {
                break;
            }
            Thread.sleep(100);
        }
        assertThat(count).as(sql).isEqualTo(expected);
    }
}
