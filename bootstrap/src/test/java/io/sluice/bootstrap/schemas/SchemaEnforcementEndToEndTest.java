package io.sluice.bootstrap.schemas;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.dropwizard.testing.ConfigOverride;
import io.dropwizard.testing.DropwizardTestSupport;
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
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.jdbi.v3.core.Jdbi;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * Issue 17's end-to-end proof through HTTP, the Chronicle buffer, the consumer and a real
 * PostgreSQL: register {@code purchase}, block a mixed batch per item on every way in, refuse an
 * incompatible version, accept a compatible one, replay the fixed dead letters exactly once, flag
 * events in {@code warn}, and see a change on a second instance within 5 s.
 */
@ExtendWith(DropwizardExtensionsSupport.class)
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class SchemaEnforcementEndToEndTest {

    static final String PURCHASE_V1 = """
            {"type":"object","required":["amount","currency"],
             "properties":{"amount":{"type":"number","minimum":0},"currency":{"type":"string","pattern":"^[A-Z]{3}$"}}}""";
    /** Refunds: amounts may be negative now. Every purchase valid under v1 stays valid (backward). */
    static final String PURCHASE_V2 = """
            {"type":"object","required":["amount","currency"],
             "properties":{"amount":{"type":"number"},"currency":{"type":"string","pattern":"^[A-Z]{3}$"}}}""";

    private static final PostgresFixture.TestDatabase DB = PostgresFixture.newDatabase();
    private static final Path DATA = TestDirectories.create("sluice-schemas");

    static final DropwizardAppExtension<SluiceConfiguration> APP = InJvmServer.extension(DB, DATA);

    private SchemaHttp http() {
        return new SchemaHttp(APP.getLocalPort());
    }

    private static String purchase(String id, String amount, String currency) {
        return "{\"event_id\":\"" + id + "\",\"event_type\":\"purchase\",\"user_id\":\"u-" + id + "\",\"properties\":{\"amount\":"
                + amount + (currency == null ? "" : ",\"currency\":\"" + currency + "\"") + "}}";
    }

    @Test
    @Order(1)
    void only_an_admin_key_registers_and_a_bad_schema_is_422() throws Exception {
        SchemaHttp http = http();
        assertThat(http.send("PUT", "/v1/schemas/purchase", null, "{\"schema\":" + PURCHASE_V1 + "}").status()).isEqualTo(401);
        assertThat(http.send("PUT", "/v1/schemas/purchase", SchemaHttp.READ_KEY, "{\"schema\":" + PURCHASE_V1 + "}").status())
                .isEqualTo(401);
        SchemaHttp.Answer invalid = http.putSchema("purchase", "{\"type\":\"object\",\"properties\":{\"amount\":{\"minimum\":\"zero\"}}}",
                "backward", "block");
        assertThat(invalid.status()).isEqualTo(422);
        assertThat(invalid.body().get("error").asText()).isEqualTo("invalid_schema");
        assertThat(invalid.body().get("message").asText()).contains("/properties/amount/minimum");

        SchemaHttp.Answer created = http.putSchema("purchase", PURCHASE_V1, "backward", "block");
        assertThat(created.status()).as(created.text()).isEqualTo(201);
        assertThat(created.body().get("version").asInt()).isEqualTo(1);
    }

    @Test
    @Order(2)
    void block_refuses_invalid_items_per_item_on_every_way_in_and_dead_letters_them_with_reason_schema() throws Exception {
        SchemaHttp http = http();
        String batch = "[" + String.join(",", purchase("ok-1", "12.5", "EUR"), purchase("neg-1", "-5", "EUR"),
                purchase("ok-2", "180", "USD"), purchase("neg-2", "-0.5", "GBP"), purchase("text-1", "\"12,00\"", "EUR"),
                purchase("nocur-1", "3", null)) + "]";
        SchemaHttp.Answer answer = http.post("/v1/events", batch);
        assertThat(answer.status()).as(answer.text()).isEqualTo(202);
        assertThat(answer.body().get("accepted").asInt()).isEqualTo(2);
        JsonNode items = answer.body().get("items");
        assertThat(items.get(0).get("status").asText()).isEqualTo("accepted");
        assertThat(items.get(1).get("status").asText()).isEqualTo("rejected");
        JsonNode negative = items.get(1).get("errors").get(0);
        assertThat(negative.get("field").asText()).isEqualTo("properties/amount");
        assertThat(negative.get("message").asText()).startsWith("minimum (expected 0)").contains("schema purchase version 1");
        assertThat(items.get(4).get("errors").get(0).get("message").asText()).startsWith("type (expected \"number\")");
        assertThat(items.get(5).get("errors").get(0).get("field").asText()).isEqualTo("properties/currency");
        assertThat(items.get(5).get("errors").get(0).get("message").asText()).startsWith("required");

        // Seed 000's /track answers in FastAPI's shape; Segment's track in its own; both dead-letter the item.
        SchemaHttp.Answer seed = http.post("/track", "{\"user_id\":\"u-seed\",\"event_type\":\"purchase\",\"properties\":{\"amount\":-1,"
                + "\"currency\":\"EUR\"}}");
        assertThat(seed.status()).as(seed.text()).isEqualTo(422);
        assertThat(seed.text()).contains("properties/amount").contains("minimum");
        SchemaHttp.Answer segment = http.post("/v1/track", "{\"userId\":\"u-seg\",\"event\":\"purchase\",\"messageId\":\"seg-1\","
                + "\"properties\":{\"amount\":-2,\"currency\":\"EUR\"}}");
        assertThat(segment.status()).as(segment.text()).isEqualTo(400);
        assertThat(segment.body().get("errors").get(0).get("field").asText()).isEqualTo("properties/amount");
        SchemaHttp.Answer segmentOk = http.post("/v1/track", "{\"userId\":\"u-seg\",\"event\":\"purchase\",\"messageId\":\"seg-ok\","
                + "\"properties\":{\"amount\":2,\"currency\":\"EUR\"}}");
        assertThat(segmentOk.status()).as("the _segment envelope is not validated: " + segmentOk.text()).isEqualTo(200);

        Jdbi jdbi = DB.jdbi();
        awaitCount(jdbi, "SELECT count(*) FROM raw_events WHERE event_type = 'purchase'", 3);
        awaitCount(jdbi, "SELECT count(*) FROM dead_letters WHERE reason = 'schema'", 6);
        assertThat(strings(jdbi, "SELECT event_id FROM raw_events WHERE schema_version = 1 ORDER BY event_id"))
                .containsExactly("ok-1", "ok-2", "seg-ok");
        List<Map<String, Object>> letters = jdbi.withHandle(h -> h.createQuery(
                "SELECT event_id, detail FROM dead_letters WHERE reason = 'schema' ORDER BY id").mapToMap().list());
        assertThat(letters).allSatisfy(l -> assertThat((String) l.get("detail")).startsWith("schema purchase version 1: "));
        assertThat(letters).extracting(l -> l.get("event_id")).contains("neg-1", "neg-2", "text-1", "nocur-1");
    }

    @Test
    @Order(3)
    void an_incompatible_version_is_409_with_the_reason_and_a_compatible_one_is_version_2() throws Exception {
        SchemaHttp http = http();
        String withCoupon = PURCHASE_V1.replace("\"currency\"],", "\"currency\",\"coupon\"],");
        SchemaHttp.Answer refused = http.putSchema("purchase", withCoupon, "backward", "block");
        assertThat(refused.status()).as(refused.text()).isEqualTo(409);
        assertThat(refused.body().get("reasons").get(0).asText())
                .isEqualTo("required property `coupon` added: events valid under version 1 would be refused");

        SchemaHttp.Answer v2 = http.putSchema("purchase", PURCHASE_V2, "backward", "block");
        assertThat(v2.status()).as(v2.text()).isEqualTo(201);
        assertThat(v2.body().get("version").asInt()).isEqualTo(2);

        JsonNode details = http.get("/v1/schemas/purchase").body();
        assertThat(details.get("version").asInt()).isEqualTo(2);
        assertThat(details.get("versions").toString()).isEqualTo("[1,2]");
        assertThat(details.get("enforcement").asText()).isEqualTo("block");
        assertThat(http.get("/v1/schemas/purchase/versions/1").body().get("schema").get("properties").get("amount").get("minimum").asInt())
                .isZero();
        assertThat(http.get("/v1/schemas").body().get("schemas").get(0).get("event_type").asText()).isEqualTo("purchase");
        assertThat(http.get("/v1/schemas/purchase/versions/9").status()).isEqualTo(404);
    }

    @Test
    @Order(4)
    void replaying_the_fixed_dead_letters_stores_each_event_exactly_once() throws Exception {
        SchemaHttp http = http();
        Jdbi jdbi = DB.jdbi();
        for (int round = 0; round < 2; round++) {
            SchemaHttp.Answer replay = http.send("POST", "/v1/dead-letters/replay?reason=schema", SchemaHttp.ADMIN_KEY, null);
            assertThat(replay.status()).as(replay.text()).isIn(200, 202);
        }
        // Negative amounts are valid under v2; a text amount and a missing currency are still not.
        awaitCount(jdbi, "SELECT count(*) FROM raw_events WHERE event_id IN ('neg-1', 'neg-2')", 2);
        Thread.sleep(1000);
        assertThat(strings(jdbi, "SELECT event_id || ':' || schema_version FROM raw_events "
                + "WHERE event_id IN ('neg-1','neg-2','text-1','nocur-1') ORDER BY event_id")).containsExactly("neg-1:2", "neg-2:2");
        assertThat(count(jdbi, "SELECT count(*) FROM raw_events WHERE event_type = 'purchase'"))
                .as("each replayed event stored once: 3 valid, 2 negative amounts from the batch, 1 from /track, 1 from Segment")
                .isEqualTo(3 + 4);
        assertThat(count(jdbi, "SELECT sum(total_events) FROM hourly_aggregations WHERE event_type = 'purchase'"))
                .as("and counted once").isEqualTo(7);
    }

    @Test
    @Order(5)
    void warn_stores_and_flags_violations_queryably_and_counts_them() throws Exception {
        SchemaHttp http = http();
        SchemaHttp.Answer warn = http.putSchema("purchase", PURCHASE_V2, "backward", "warn");
        assertThat(warn.status()).as("only the enforcement changed: " + warn.text()).isEqualTo(200);
        assertThat(warn.body().get("version").asInt()).isEqualTo(2);
        assertThat(warn.body().get("created").asBoolean()).isFalse();

        SchemaHttp.Answer answer = http.post("/v1/events", "[" + purchase("warn-1", "\"lots\"", "EUR") + "]");
        assertThat(answer.body().get("accepted").asInt()).as(answer.text()).isEqualTo(1);
        awaitCount(DB.jdbi(), "SELECT count(*) FROM raw_events WHERE event_id = 'warn-1'", 1);

        JsonNode flagged = http.get("/v1/events?schema_violations=true").body().get("events");
        assertThat(flagged).hasSize(1);
        assertThat(flagged.get(0).get("event_id").asText()).isEqualTo("warn-1");
        assertThat(flagged.get(0).get("schema_version").asInt()).isEqualTo(2);
        JsonNode violation = flagged.get(0).get("schema_violations").get(0);
        assertThat(violation.get("pointer").asText()).isEqualTo("/amount");
        assertThat(violation.get("keyword").asText()).isEqualTo("type");
        assertThat(violation.get("expected").asText()).isEqualTo("\"number\"");
        JsonNode clean = http.get("/v1/events?schema_violations=false&type=purchase").body().get("events");
        assertThat(clean).hasSize(7).allSatisfy(e -> assertThat(e.get("schema_violations")).isEmpty());

        String metrics = HttpClient.newHttpClient().send(HttpRequest.newBuilder(
                URI.create("http://localhost:" + APP.getAdminPort() + "/prometheus")).build(), HttpResponse.BodyHandlers.ofString()).body();
        assertThat(metrics).contains("sluice_schema_violations_total{enforcement=\"warn\",event_type=\"purchase\"} 1.0");
        // Refused: 6 at the door, then the 2 still-bad dead letters in each of the 2 replay rounds.
        assertThat(metrics).contains("sluice_schema_violations_total{enforcement=\"block\",event_type=\"purchase\"} 10.0");
    }

    @Test
    @Order(6)
    void a_second_instance_applies_a_change_within_five_seconds() throws Exception {
        DropwizardTestSupport<SluiceConfiguration> second = InJvmServer.support(DB, TestDirectories.create("sluice-schemas-2"),
                ConfigOverride.config("consumer.enabled", "false"));
        second.before();
        try {
            SchemaHttp other = new SchemaHttp(second.getLocalPort());
            String signup = "[{\"event_type\":\"signup\",\"user_id\":\"u-s\",\"properties\":{}}]";
            assertThat(other.post("/v1/events", signup).body().get("accepted").asInt()).isEqualTo(1);

            SchemaHttp.Answer registered = http().putSchema("signup", "{\"type\":\"object\",\"required\":[\"plan\"]}", "full", "block");
            assertThat(registered.status()).isEqualTo(201);
            long changed = System.nanoTime();
            long seen = -1;
            while (System.nanoTime() - changed < Duration.ofSeconds(10).toNanos()) {
                if (other.post("/v1/events", signup).body().get("rejected").asInt() == 1) {
                    seen = System.nanoTime();
                    break;
                }
                Thread.sleep(100);
            }
            assertThat(seen).as("the second instance refused a signup without plan").isPositive();
            assertThat(Duration.ofNanos(seen - changed)).isLessThan(Duration.ofSeconds(5));
        } finally {
            second.after();
        }
    }

    static List<String> strings(Jdbi jdbi, String sql) {
        return jdbi.withHandle(h -> h.createQuery(sql).mapTo(String.class).list());
    }

    static long count(Jdbi jdbi, String sql) {
        return jdbi.withHandle(h -> h.createQuery(sql).mapTo(Long.class).one());
    }

    static void awaitCount(Jdbi jdbi, String sql, long expected) throws InterruptedException {
        long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
        long count = -1;
        while (System.nanoTime() < deadline) {
            count = jdbi.withHandle(h -> h.createQuery(sql).mapTo(Long.class).one());
            if (count >= expected) {
                break;
            }
            Thread.sleep(100);
        }
        assertThat(count).as(sql).isEqualTo(expected);
    }
}
