package io.sluice.bootstrap.compat;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.dropwizard.testing.junit5.DropwizardAppExtension;
import io.dropwizard.testing.junit5.DropwizardExtensionsSupport;
import io.sluice.bootstrap.SluiceConfiguration;
import io.sluice.bootstrap.testkit.InJvmServer;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * Keys, rate limits and CORS in the running application ({@code compat-config.yml}: write keys
 * required, 1 request/s with a burst of 20 per key): missing, wrong and right keys on every route
 * family; read routes never open; a caller over its budget gets 429 with Retry-After while
 * another key is unaffected; a browser preflight needs no key.
 */
@ExtendWith(DropwizardExtensionsSupport.class)
class AccessOverHttpTest {

    private static final InJvmServer SERVER = InJvmServer.onTestDatabase("compat-config.yml");
    static final DropwizardAppExtension<SluiceConfiguration> APP = SERVER.app;
    private static final ObjectMapper JSON = new ObjectMapper();

    private static final List<String> READ_ROUTES = List.of("/v1/events", "/v1/aggregates", "/v1/metrics/aggregates",
            "/v1/dead-letters", "/v1/stats", "/api/v1/metrics");

    @Test
    void every_route_family_refuses_missing_and_wrong_keys_and_takes_the_right_one() throws Exception {
        String[][] writes = {
                {"/v1/events", "{\"user_id\":\"u\",\"event_type\":\"t\"}"},
                {"/track", "{\"user_id\":\"u\",\"event_type\":\"t\"}"},
                {"/api/v1/metrics", "{\"name\":\"m\",\"value\":1}"},
                {"/register_event", "{\"event_id\":\"r-1\",\"event_type\":\"t\",\"payload\":{}}"},
                {"/v1/track", "{\"userId\":\"u\",\"event\":\"t\"}"}};
        for (String[] route : writes) {
            assertThat(SERVER.post(route[0], null, route[1]).statusCode()).as(route[0] + " without key").isEqualTo(401);
            assertThat(SERVER.post(route[0], "wrong-key", route[1]).statusCode()).as(route[0] + " wrong key").isEqualTo(401);
            assertThat(SERVER.post(route[0], CompatKeys.READ_KEY, route[1]).statusCode()).as(route[0] + " read key").isEqualTo(401);
            HttpResponse<String> right = SERVER.post(route[0], CompatKeys.OTHER_KEY, route[1]);
            assertThat(right.statusCode()).as(route[0] + " " + right.body()).isBetween(200, 202);
        }
        // Segment's routes return 401 for a wrong key, not Segment's silent 200.
        assertThat(SERVER.post("/v1/batch", null, "{\"batch\":[],\"writeKey\":\"wrong-key\"}").statusCode()).isEqualTo(401);

        for (String path : READ_ROUTES) {
            assertThat(SERVER.get(path, null).statusCode()).as(path).isEqualTo(401);
            assertThat(SERVER.get(path, "wrong-key").statusCode()).as(path).isEqualTo(401);
            assertThat(SERVER.get(path, CompatKeys.OTHER_KEY).statusCode()).as(path + " with a write key").isEqualTo(401);
            assertThat(SERVER.get(path, CompatKeys.READ_KEY).statusCode()).as(path).isEqualTo(200);
        }
        assertThat(SERVER.post("/v1/dead-letters/replay", null, "").statusCode()).isEqualTo(401);
        assertThat(SERVER.post("/v1/dead-letters/replay", CompatKeys.READ_KEY, "").statusCode()).as("a read key replays").isEqualTo(401);
        assertThat(SERVER.post("/v1/dead-letters/replay", CompatKeys.ADMIN_KEY, "").statusCode()).isEqualTo(200);
        for (String open : List.of("/health", "/get_status", "/openapi.json", "/docs")) {
            assertThat(SERVER.get(open, null).statusCode()).as(open).isEqualTo(200);
        }
    }

    /**
     * adapters-http's OpenApiDocumentTest holds the document to every route of HttpRoutes; here the
     * running application registers no other route on the application port, and serves the
     * document of its own settings: write keys required, so no write operation is anonymous.
     */
    @Test
    void the_served_api_document_covers_the_application_and_states_its_keys() throws Exception {
        Set<Class<?>> resources = new LinkedHashSet<>(APP.getEnvironment().jersey().getResourceConfig().getClasses());
        APP.getEnvironment().jersey().getResourceConfig().getInstances().forEach(instance -> resources.add(instance.getClass()));
        assertThat(resources.stream().filter(type -> type.isAnnotationPresent(jakarta.ws.rs.Path.class))
                .filter(type -> !type.getPackageName().equals("io.sluice.adapters.http")).toList())
                .as("resources outside HttpRoutes, which OpenApiDocumentTest does not see").isEmpty();

        HttpResponse<String> answer = SERVER.get("/openapi.json", null);
        JsonNode document = JSON.readTree(answer.body());
        assertThat(answer.statusCode()).isEqualTo(200);
        for (String path : List.of("/v1/batch", "/v1/batch/", "/v1/import", "/v1/import/", "/v1/events", "/track")) {
            JsonNode security = document.at("/paths/" + path.replace("/", "~1") + "/post/security");
            assertThat(security.size()).as(path).isPositive();
            security.forEach(requirement -> assertThat(requirement.size()).as(path + " anonymous").isPositive());
        }
        assertThat(document.at("/paths/~1v1~1dead-letters~1replay/post/security/0").has("adminKeyBearer")).isTrue();
    }

    @Test
    void a_caller_over_its_budget_gets_429_with_retry_after_and_another_key_is_unaffected() throws Exception {
        List<HttpResponse<String>> answers = new ArrayList<>();
        for (int i = 0; i < 40; i++) {
            answers.add(SERVER.post("/track", CompatKeys.LIMITED_KEY, "{\"user_id\":\"u\",\"event_type\":\"burst\"}"));
        }
        List<HttpResponse<String>> refused = answers.stream().filter(a -> a.statusCode() == 429).toList();
        assertThat(answers).filteredOn(a -> a.statusCode() == 202).hasSizeBetween(20, 25);
        assertThat(refused).hasSizeGreaterThanOrEqualTo(15);
        HttpResponse<String> first = refused.get(0);
        assertThat(Long.parseLong(first.headers().firstValue("Retry-After").orElseThrow())).isBetween(1L, 2L);
        assertThat(JSON.readTree(first.body()).get("error").asText()).isEqualTo("rate_limited");

        HttpResponse<String> other = SERVER.post("/track", CompatKeys.SEGMENT_KEY, "{\"user_id\":\"u\",\"event_type\":\"calm\"}");
        assertThat(other.statusCode()).isEqualTo(202);
    }

    @Test
    void a_browser_preflight_needs_no_key_and_answers_carry_the_allowed_origin() throws Exception {
        HttpResponse<String> preflight = SERVER.send(HttpRequest.newBuilder(SERVER.uri("/v1/track"))
                .method("OPTIONS", HttpRequest.BodyPublishers.noBody())
                .header("Origin", "https://app.example.com")
                .header("Access-Control-Request-Method", "POST")
                .header("Access-Control-Request-Headers", "content-type,authorization").build());
        assertThat(preflight.statusCode()).isEqualTo(204);
        assertThat(preflight.headers().firstValue("Access-Control-Allow-Origin")).hasValue("https://app.example.com");
        assertThat(preflight.headers().firstValue("Access-Control-Allow-Methods")).hasValueSatisfying(m -> assertThat(m).contains("POST"));

        HttpResponse<String> unauthorized = SERVER.send(HttpRequest.newBuilder(SERVER.uri("/v1/stats"))
                .header("Origin", "https://app.example.com").GET().build());
        assertThat(unauthorized.statusCode()).isEqualTo(401);
        assertThat(unauthorized.headers().firstValue("Access-Control-Allow-Origin")).hasValue("https://app.example.com");

        HttpResponse<String> stranger = SERVER.send(HttpRequest.newBuilder(SERVER.uri("/v1/track"))
                .method("OPTIONS", HttpRequest.BodyPublishers.noBody())
                .header("Origin", "https://evil.example.com")
                .header("Access-Control-Request-Method", "POST").build());
        assertThat(stranger.headers().firstValue("Access-Control-Allow-Origin")).isEmpty();
    }
}
