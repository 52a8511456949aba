package io.sluice.bootstrap.compat;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.dropwizard.testing.junit5.DropwizardAppExtension;
import io.dropwizard.testing.junit5.DropwizardExtensionsSupport;
import io.sluice.bootstrap.SluiceConfiguration;
import io.sluice.bootstrap.testkit.InJvmServer;
import io.sluice.bootstrap.testkit.SluiceProcess;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * What a new user meets first on the shipped {@code config.yml}, with clients shaped like the
 * seeds' (plain JSON over HTTP, no key): each test is a finding of issue 14 that the
 * configured-for-tests servers did not catch.
 */
@ExtendWith(DropwizardExtensionsSupport.class)
class ShippedDefaultsTest {

    private static final InJvmServer SERVER = InJvmServer.shipped();
    static final DropwizardAppExtension<SluiceConfiguration> APP = SERVER.app;
    private static final String LOCAL_ADMIN_KEY = "sluice-local-admin-key";

    @Test
    void seed_001_reads_its_metrics_without_a_key_where_it_writes_them_without_one() throws Exception {
        HttpResponse<String> written = SERVER.post("/api/v1/metrics", null, "application/json",
                "{\"name\":\"cpu_usage\",\"value\":42.5,\"labels\":{\"host\":\"a\"}}");
        assertThat(written.statusCode()).as(written.body()).isEqualTo(202);

        long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
        HttpResponse<String> read;
        do {
            read = SERVER.get("/api/v1/metrics?limit=10", null);
            assertThat(read.statusCode()).as(read.body()).isEqualTo(200);
        } while (InJvmServer.JSON.readTree(read.body()).isEmpty() && System.nanoTime() < deadline && sleep());
        JsonNode newest = InJvmServer.JSON.readTree(read.body());
        assertThat(newest).hasSize(1);
        assertThat(newest.get(0).get("name").asText()).isEqualTo("cpu_usage");
        assertThat(newest.get(0).get("value").asDouble()).isEqualTo(42.5);
    }

    @Test
    void replay_takes_the_documented_local_admin_key_and_not_the_read_key() throws Exception {
        HttpResponse<String> byReader = SERVER.post("/v1/dead-letters/replay", SluiceProcess.READ_KEY, null, "");
        assertThat(byReader.statusCode()).as(byReader.body()).isEqualTo(401);
        HttpResponse<String> byNobody = SERVER.post("/v1/dead-letters/replay", null, null, "");
        assertThat(byNobody.statusCode()).isEqualTo(401);
        HttpResponse<String> byOperator = SERVER.post("/v1/dead-letters/replay", LOCAL_ADMIN_KEY, null, "");
        assertThat(byOperator.statusCode()).as(byOperator.body()).isEqualTo(200);
        // The admin key reads too.
        assertThat(SERVER.get("/v1/stats", LOCAL_ADMIN_KEY).statusCode()).isEqualTo(200);
    }

    @Test
    void a_body_with_no_event_in_it_is_not_accepted_and_a_partial_batch_says_so() throws Exception {
        for (String body : new String[] {"\"hello\"", "42"}) {
            HttpResponse<String> answer = SERVER.post("/v1/events", null, "application/json", body);
            assertThat(answer.statusCode()).as(body + ": " + answer.body()).isEqualTo(422);
            JsonNode json = InJvmServer.JSON.readTree(answer.body());
            assertThat(json.get("status").asText()).isEqualTo("rejected");
            assertThat(json.get("accepted").asInt()).isZero();
            assertThat(json.get("rejected").asInt()).isEqualTo(1);
        }
        HttpResponse<String> partial = SERVER.post("/v1/events", null, "application/json",
                "[{\"event_type\":\"page_view\",\"user_id\":\"u-partial\"},{\"event_type\":\"click\"}]");
        assertThat(partial.statusCode()).isEqualTo(202);
        assertThat(InJvmServer.JSON.readTree(partial.body()).get("status").asText()).isEqualTo("partial");
    }

    @Test
    void a_misspelt_field_is_kept_and_reported_not_dropped() throws Exception {
        HttpResponse<String> answer = SERVER.post("/v1/events", null, "application/json",
                "{\"event_type\":\"x\",\"user_id\":\"u1\",\"timestmap\":\"2020-01-01T00:00:00Z\"}");
        assertThat(answer.statusCode()).as(answer.body()).isEqualTo(202);
        JsonNode item = InJvmServer.JSON.readTree(answer.body()).get("items").get(0);
        assertThat(item.get("warnings").get(0).get("field").asText()).isEqualTo("timestmap");

        String id = item.get("event_id").asText();
        JsonNode stored = SERVER.awaitRead("/v1/events?user_id=u1&type=x", page -> page.get("events").size() > 0, Duration.ofSeconds(30))
                .get("events").get(0);
        assertThat(stored.get("event_id").asText()).isEqualTo(id);
        assertThat(stored.get("properties").get("_unknown_fields").get("timestmap").asText()).isEqualTo("2020-01-01T00:00:00Z");
    }

    @Test
    void purchases_over_the_shipped_threshold_are_flagged_high_value() throws Exception {
        SERVER.post("/v1/events", null, "application/json", "[{\"event_type\":\"purchase\",\"user_id\":\"buyer\",\"properties\":{\"amount\":180}},"
                + "{\"event_type\":\"purchase\",\"user_id\":\"buyer\",\"properties\":{\"amount\":100}}]");
        JsonNode events = SERVER.awaitRead("/v1/events?user_id=buyer", page -> page.get("events").size() >= 2, Duration.ofSeconds(30))
                .get("events");
        assertThat(events).extracting(e -> e.get("properties").get("amount").asInt() + "=" + e.get("properties").get("is_high_value"))
                .containsExactlyInAnyOrder("180=true", "100=false");
    }

    @Test
    void an_event_id_with_a_slash_can_be_read_back_by_its_id() throws Exception {
        HttpResponse<String> written = SERVER.post("/v1/events", null, "application/json",
                "{\"event_id\":\"orders/2026/17\",\"event_type\":\"slash\",\"user_id\":\"u-slash\"}");
        assertThat(written.statusCode()).as(written.body()).isEqualTo(202);
        SERVER.awaitRead("/v1/events?type=slash", page -> page.get("events").size() > 0, Duration.ofSeconds(30));
        // The slash as is: Jetty refuses an encoded %2F in a path before any route sees it (documented).
        HttpResponse<String> read = SERVER.get("/v1/events/orders/2026/17", SluiceProcess.READ_KEY);
        assertThat(read.statusCode()).as(read.body()).isEqualTo(200);
        assertThat(InJvmServer.JSON.readTree(read.body()).get("event_id").asText()).isEqualTo("orders/2026/17");
    }

    private static boolean sleep() throws InterruptedException {
        Thread.sleep(100);
        return true;
    }

    static HttpRequest.Builder request(String path) {
        return HttpRequest.newBuilder(SERVER.uri(path));
    }
}
