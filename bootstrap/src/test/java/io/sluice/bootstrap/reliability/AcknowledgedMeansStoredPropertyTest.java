package io.sluice.bootstrap.reliability;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.dropwizard.testing.junit5.DropwizardAppExtension;
import io.dropwizard.testing.junit5.DropwizardExtensionsSupport;
import io.sluice.adapters.postgres.PostgresFixture;
import io.sluice.bootstrap.SluiceConfiguration;
import io.sluice.bootstrap.testkit.InJvmServer;
import io.sluice.bootstrap.testkit.SluiceProcess;
import io.sluice.bootstrap.testkit.TestDirectories;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import org.jdbi.v3.core.Jdbi;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * The promise as a property (issue 13): whatever the ingress acknowledged is, once the consumer
 * has drained, a stored row, exactly once, and every item it refused is a dead letter. Run
 * against the whole pipeline in this JVM (HTTP, a real Chronicle Queue, the consumer, a real
 * PostgreSQL), with random items from a fixed seed: ordinary events beside deep nesting, numbers
 * at and beyond a double's range, timestamps at the edges of what PostgreSQL takes, unicode,
 * NUL and lone surrogates, properties at the 32 KB edge measured with numbers that print longer
 * than they were sent, and items that are not objects at all, in JSON arrays and NDJSON. Every
 * page of {@code GET /v1/events} over what was stored must answer 200. A failing seed is printed
 * in the assertion message; {@code -Dsluice.property.seed=N} replays it.
 */
@ExtendWith(DropwizardExtensionsSupport.class)
class AcknowledgedMeansStoredPropertyTest {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final long SEED = Long.getLong("sluice.property.seed", 13L);
    private static final int REQUESTS = 40;
    private static final int MAX_ITEMS_PER_REQUEST = 30;

    private static final PostgresFixture.TestDatabase DB = PostgresFixture.newDatabase();
    private static final Path DATA = TestDirectories.create("sluice-property");

    static final DropwizardAppExtension<SluiceConfiguration> APP = InJvmServer.extension(DB, DATA);

    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

    @Test
    void every_acknowledged_item_is_stored_exactly_once_and_every_refused_one_is_a_dead_letter() throws Exception {
        Random random = new Random(SEED);
        Set<String> acknowledged = new HashSet<>();
        int refused = 0;
        int sent = 0;
        for (int request = 0; request < REQUESTS; request++) {
            int count = 1 + random.nextInt(MAX_ITEMS_PER_REQUEST);
            List<String> items = new ArrayList<>(count);
            List<String> ids = new ArrayList<>(count);
            for (int i = 0; i < count; i++) {
                String id = "p" + SEED + "-" + request + "-" + i;
                ids.add(id);
                items.add(new ItemGenerator(random).item(id));
            }
            boolean ndjson = random.nextBoolean();
            String body = ndjson ? String.join("\n", items) + "\n" : "[" + String.join(",", items) + "]";
            HttpResponse<String> answer = http.send(HttpRequest.newBuilder(uri("/v1/events")).timeout(Duration.ofSeconds(30))
                    .header("Content-Type", ndjson ? "application/x-ndjson" : "application/json")
                    .POST(HttpRequest.BodyPublishers.ofString(body)).build(), HttpResponse.BodyHandlers.ofString());
            JsonNode outcomes = JSON.readTree(answer.body()).get("items");
            // 422 is the answer when no item was accepted (README, "rejected"); its items are reported the same way.
            boolean noneAccepted = JSON.readTree(answer.body()).path("accepted").asInt(-1) == 0;
            assertThat(answer.statusCode()).as("seed %d, request %d: %s", SEED, request, answer.body()).isEqualTo(noneAccepted ? 422 : 202);
            assertThat(outcomes).hasSize(count);
            for (int i = 0; i < count; i++) {
                if ("accepted".equals(outcomes.get(i).get("status").asText())) {
                    assertThat(outcomes.get(i).get("event_id").asText()).isEqualTo(ids.get(i));
                    acknowledged.add(ids.get(i));
                } else {
                    refused++;
                }
            }
            sent += count;
        }
        assertThat(acknowledged.size()).as("the generator must produce both outcomes").isBetween(sent / 5, sent - sent / 10);

        Jdbi jdbi = DB.jdbi();
        int expectedDeadLetters = refused;
        awaitDrained(jdbi, acknowledged.size(), expectedDeadLetters);

        Map<String, Integer> stored = new HashMap<>();
        jdbi.useHandle(h -> h.createQuery("SELECT event_id, count(*) AS n FROM raw_events GROUP BY event_id")
                .map((rs, ctx) -> Map.entry(rs.getString("event_id"), rs.getInt("n"))).forEach(e -> stored.put(e.getKey(), e.getValue())));
        Map<String, String> consumerDeadLetters = new HashMap<>();
        jdbi.useHandle(h -> h.createQuery("SELECT event_id, reason || ': ' || detail AS why FROM dead_letters WHERE event_id = ANY(:ids)")
                .bind("ids", acknowledged.toArray(String[]::new))
                .map((rs, ctx) -> Map.entry(rs.getString("event_id"), rs.getString("why"))).forEach(e -> consumerDeadLetters.put(e.getKey(), e.getValue())));
        // The one reason that arises after ingress in this pipeline (issue 13, "what must hold"): a value its
        // aggregate bucket cannot add (two durations of 1.7e308 in one minute) is refused by the documented rule
        // and kept as a dead letter instead of a row; nothing else acknowledged may end there.
        assertThat(consumerDeadLetters.values()).as("seed %d: acknowledged items that became dead letters", SEED)
                .allMatch(why -> why.startsWith("retries_exhausted: ") && why.contains("aggregate_overflow"));
        Set<String> expectedRows = new HashSet<>(acknowledged);
        expectedRows.removeAll(consumerDeadLetters.keySet());
        for (String id : expectedRows) {
            assertThat(stored.get(id)).as("seed %d: acknowledged %s stored once", SEED, id).isEqualTo(1);
        }
        assertThat(stored.keySet()).as("nothing stored that was not acknowledged, nothing both stored and set aside").isEqualTo(expectedRows);
        int deadLetters = jdbi.withHandle(h -> h.createQuery("SELECT count(*) FROM dead_letters").mapTo(Integer.class).one());
        assertThat(deadLetters).as("seed %d: every refused item is a dead letter", SEED)
                .isEqualTo(expectedDeadLetters + consumerDeadLetters.size());

        readEveryPage();
    }

    /** The read path takes whatever ingress accepted: every page of the stored events answers 200. */
    private void readEveryPage() throws Exception {
        String cursor = null;
        int pages = 0;
        do {
            String path = "/v1/events?limit=50&from=1970-01-01T00:00:00Z&to=2100-01-01T00:00:00Z"
                    + (cursor == null ? "" : "&cursor=" + cursor);
            HttpResponse<String> page = http.send(HttpRequest.newBuilder(uri(path)).header("Authorization", "Bearer " + SluiceProcess.READ_KEY)
                    .GET().build(), HttpResponse.BodyHandlers.ofString());
            assertThat(page.statusCode()).as("seed %d, page %d: %s", SEED, pages, page.body()).isEqualTo(200);
            JsonNode next = JSON.readTree(page.body()).get("next_cursor");
            cursor = next == null || next.isNull() ? null : next.asText();
            pages++;
        } while (cursor != null && pages < 1_000);
        assertThat(pages).isGreaterThan(1);
    }

    private static void awaitDrained(Jdbi jdbi, int rows, int deadLetters) throws InterruptedException {
        long deadline = System.nanoTime() + Duration.ofSeconds(40).toNanos();
        int storedRows = -1;
        int letters = -1;
        while (System.nanoTime() < deadline) {
            storedRows = jdbi.withHandle(h -> h.createQuery("SELECT count(*) FROM raw_events").mapTo(Integer.class).one());
            letters = jdbi.withHandle(h -> h.createQuery("SELECT count(*) FROM dead_letters").mapTo(Integer.class).one());
            // An acknowledged item may end as a dead letter (aggregate_overflow), so wait for the sum; the assertions
            // then say which item ended where.
            if (storedRows + letters >= rows + deadLetters && letters >= deadLetters) {
                Thread.sleep(500);
                return;
            }
            Thread.sleep(100);
        }
        // Fall through: the assertions name what is missing.
    }

    private static URI uri(String path) {
        return URI.create("http://localhost:" + APP.getLocalPort() + path);
    }

    /** One random item as JSON text; most are hostile in one way, some are ordinary. */
    private static final class ItemGenerator {
        private static final String[] TIMESTAMPS = {
            "0000-01-01T00:00:00Z", "-0001-01-01T00:00:00Z", "0001-01-01T00:00:00+01:00", "0001-01-01T00:00:00Z",
            "1969-12-31T23:59:59.999Z", "1970-01-01T00:00:00Z", "1970-01-01T00:59:59+01:00", "2000-02-29T12:00:00.123456789Z",
            "2024-01-15T10:00:00", "2024-01-15T10:00:00-12:00", "+10000-01-01T00:00:00Z", "9999-12-31T23:59:59Z",
            "2024-13-01T00:00:00Z", "2024-01-15T10:00:60Z", "yesterday"};
        private static final String[] NUMBERS = {
            "0", "-0", "1e9", "1e6", "2e23", "1.7e308", "-1.7976931348623157e308", "1e400", "-1e400", "1e-400",
            "123456789012345678901234567890", "0.1", "4.9e-324", "1E+2"};
        private static final String[] TEXTS = {
            "plain", "caf\\u00e9", "\\ud83d\\ude80 rocket", "\u05e9\u05dc\u05d5\u05dd", "nul\\u0000inside", "lone\\ud800",
            "\\udc00reversed", "quote\\\" and \\\\ backslash", "tab\\tnewline\\n", "\u65e5\u672c\u8a9e"};

        private final Random random;

        ItemGenerator(Random random) {
            this.random = random;
        }

        String item(String id) {
            int kind = random.nextInt(12);
            StringBuilder item = new StringBuilder("{\"event_id\":\"").append(id).append('"');
            if (kind != 0 || random.nextBoolean()) {
                item.append(",\"event_type\":\"").append(random.nextBoolean() ? "page_view" : "purchase").append('"');
            }
            item.append(",\"user_id\":\"u").append(random.nextInt(20)).append('"');
            switch (kind) {
                case 1 -> item.append(",\"timestamp\":\"").append(pick(TIMESTAMPS)).append('"');
                case 2 -> item.append(",\"properties\":").append(nested(1 + random.nextInt(130)));
                case 3 -> item.append(",\"properties\":{\"n\":").append(pick(NUMBERS)).append(",\"m\":[")
                        .append(pick(NUMBERS)).append(',').append(pick(NUMBERS)).append("]}");
                case 4 -> item.append(",\"duration_seconds\":").append(pick(NUMBERS));
                case 5 -> item.append(",\"properties\":{\"").append(pick(TEXTS)).append("\":\"").append(pick(TEXTS)).append("\"}");
                case 6 -> item.append(",\"properties\":").append(sizedNumbers(random.nextBoolean() ? 8_170 : 3_270 + random.nextInt(12)));
                case 7 -> item.append(",\"properties\":{\"s\":\"").append("x".repeat(32_760 + random.nextInt(20))).append("\"}");
                case 8 -> item.append(",\"event_data\":{\"amount\":").append(pick(NUMBERS)).append("}");
                case 9 -> {
                    return random.nextBoolean() ? pick(NUMBERS) : "[" + pick(NUMBERS) + "]";
                }
                default -> item.append(",\"properties\":{\"page\":\"/home\",\"amount\":").append(random.nextInt(500)).append('}');
            }
            return item.append('}').toString();
        }

        private String pick(String[] values) {
            return values[random.nextInt(values.length)];
        }

        /** Objects and arrays alternating, {@code depth} levels counting the outer object. */
        private String nested(int depth) {
            StringBuilder open = new StringBuilder();
            StringBuilder close = new StringBuilder();
            for (int level = 1; level <= depth; level++) {
                if (level % 2 == 1) {
                    open.append("{\"a\":");
                    close.insert(0, '}');
                } else {
                    open.append('[');
                    close.insert(0, ']');
                }
            }
            return open + "1" + close;
        }

        /**
         * An array of {@code 1e6}, which the size rule measures as {@code 1000000.0}: 8,170 of them are
         * 32 KB as sent and far more as measured; 3,270 to 3,281 straddle the limit as measured (3,276).
         */
        private String sizedNumbers(int count) {
            return "{\"n\":[" + "1e6,".repeat(Math.max(0, count - 1)) + "1e6]}";
        }
    }
}
