package io.sluice.bootstrap.reliability;

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
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * SQL injection attempts on every filter of the query routes, against the real server and
 * PostgreSQL: each is data (an empty result, or a 400 naming the parameter), never an error,
 * never extra rows, and the tables are intact afterwards.
 */
@ExtendWith(DropwizardExtensionsSupport.class)
class QueryInjectionTest {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String READ = "Bearer sluice-local-read-key";
    private static final List<String> ATTACKS = List.of(
            "x' OR '1'='1", "'; DROP TABLE raw_events; --", "page_view' --", "' UNION SELECT event_id FROM raw_events --",
            "1; DELETE FROM dead_letters", "\\' OR 1=1 --", "%' OR event_type LIKE '%");

    private static final PostgresFixture.TestDatabase DB = PostgresFixture.newDatabase();

    static final DropwizardAppExtension<SluiceConfiguration> APP =
            InJvmServer.extension(DB, TestDirectories.create("sluice-injection"));

    private static final HttpClient HTTP = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

    @BeforeAll
    static void storeSomeEvents() throws Exception {
        String body = "[{\"event_id\":\"inj-1\",\"event_type\":\"page_view\",\"user_id\":\"u1\"},"
                + "{\"event_id\":\"inj-2\",\"event_type\":\"click\",\"user_id\":\"u2\"},{\"event_type\":\"bad\"}]";
        HttpResponse<String> posted = HTTP.send(HttpRequest.newBuilder(uri("/v1/events")).header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(body)).build(), HttpResponse.BodyHandlers.ofString());
        assertThat(posted.statusCode()).isEqualTo(202);
        long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
        while (rows("raw_events") < 2 || rows("dead_letters") < 1) {
            assertThat(System.nanoTime()).as("events stored in time").isLessThan(deadline);
            Thread.sleep(100);
        }
    }

    @ParameterizedTest
    @ValueSource(strings = {"type", "user_id"})
    void event_filters_treat_an_attack_as_a_value(String parameter) throws Exception {
        for (String attack : ATTACKS) {
            HttpResponse<String> response = get("/v1/events?" + parameter + "=" + encode(attack));
            assertThat(response.statusCode()).as(attack).isEqualTo(200);
            assertThat(JSON.readTree(response.body()).get("events")).as(attack).isEmpty();
        }
        assertIntact();
    }

    @Test
    void aggregate_and_dead_letter_filters_treat_an_attack_as_a_value() throws Exception {
        for (String attack : ATTACKS) {
            HttpResponse<String> aggregates = get("/v1/aggregates?granularity=hour&type=" + encode(attack));
            assertThat(aggregates.statusCode()).as(attack).isEqualTo(200);
            assertThat(JSON.readTree(aggregates.body()).get("aggregates")).as(attack).isEmpty();

            HttpResponse<String> letters = get("/v1/dead-letters?source=" + encode(attack));
            assertThat(letters.statusCode()).as(attack).isEqualTo(200);
            assertThat(JSON.readTree(letters.body()).get("dead_letters")).as(attack).isEmpty();

            HttpResponse<String> byId = get("/v1/events/" + URLEncoder.encode(attack, StandardCharsets.UTF_8).replace("+", "%20"));
            assertThat(byId.statusCode()).as(attack).isIn(404, 400);
        }
        assertIntact();
    }

    @Test
    void parameters_that_must_be_numbers_or_names_refuse_an_attack_with_400() throws Exception {
        for (String attack : ATTACKS) {
            for (String route : List.of("/v1/events?cursor=", "/v1/events?limit=", "/v1/dead-letters?reason=",
                    "/v1/dead-letters?cursor=", "/v1/aggregates?granularity=", "/v1/events?from=")) {
                HttpResponse<String> response = get(route + encode(attack));
                assertThat(response.statusCode()).as(route + attack).isEqualTo(400);
                JsonNode error = JSON.readTree(response.body());
                assertThat(error.get("error").asText()).as(route + attack).isEqualTo("invalid_parameter");
            }
        }
        assertIntact();
    }

    private static void assertIntact() {
        assertThat(rows("raw_events")).isEqualTo(2);
        assertThat(rows("dead_letters")).isEqualTo(1);
        assertThat(rows("hourly_aggregations")).isEqualTo(2);
    }

    private static long rows(String table) {
        // The table names are this test's constants, never input.
        return DB.jdbi().withHandle(h -> h.createQuery("SELECT count(*) FROM " + table).mapTo(Long.class).one());
    }

    private static HttpResponse<String> get(String pathAndQuery) throws Exception {
        return HTTP.send(HttpRequest.newBuilder(uri(pathAndQuery)).header("Authorization", READ).GET().build(),
                HttpResponse.BodyHandlers.ofString());
    }

    private static String encode(String value) {
        return URLEncoder.encode(value, StandardCharsets.UTF_8);
    }

    private static URI uri(String pathAndQuery) {
        return URI.create("http://localhost:" + APP.getLocalPort() + pathAndQuery);
    }
}
