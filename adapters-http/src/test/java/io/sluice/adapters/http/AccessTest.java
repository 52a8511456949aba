package io.sluice.adapters.http;

import static org.assertj.core.api.Assertions.assertThat;

import io.dropwizard.testing.junit5.DropwizardExtensionsSupport;
import io.dropwizard.testing.junit5.ResourceExtension;
import jakarta.ws.rs.client.Entity;
import jakarta.ws.rs.client.Invocation;
import jakarta.ws.rs.core.Response;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * Keys on every route family: read routes never open (no key, a wrong key, a write key: 401), write
 * routes with write keys required (no key, a wrong key, a read key: 401; the right key passes),
 * public routes open.
 */
@ExtendWith(DropwizardExtensionsSupport.class)
class AccessTest {

    private static final List<String> READ_ROUTES = List.of("/v1/events", "/v1/events/e1", "/v1/aggregates", "/v1/metrics/aggregates",
            "/v1/dead-letters", "/v1/dead-letters/1", "/v1/stats");
    /** Seed 001's read route: a read key where write keys are required, open where they are not. */
    private static final String SEED_READ = "/api/v1/metrics";
    private static final List<String> ADMIN_POSTS = List.of("/v1/dead-letters/1/replay", "/v1/dead-letters/replay");
    /** Each write route with a body it accepts. */
    private static final List<String[]> WRITE_ROUTES = List.of(
            new String[] {"/v1/events", "{\"user_id\":\"u\",\"event_type\":\"t\"}"},
            new String[] {"/track", "{\"user_id\":\"u\",\"event_type\":\"t\"}"},
            new String[] {"/api/v1/metrics", "{\"name\":\"m\",\"value\":1}"},
            new String[] {"/register_event", "{\"event_id\":\"e\",\"event_type\":\"t\",\"payload\":{}}"},
            new String[] {"/v1/track", "{\"userId\":\"u\",\"event\":\"t\"}"},
            new String[] {"/v1/batch", "{\"batch\":[{\"type\":\"track\",\"userId\":\"u\",\"event\":\"t\"}]}"});

    private final NativeApi api = new NativeApi(HttpSettings.defaults(), Keys.writeKeysRequired());
    private final ResourceExtension resources = api.resources;

    private Invocation.Builder request(String path, String key) {
        Invocation.Builder request = api.target(path).request();
        return key == null ? request : request.header("Authorization", "Bearer " + key);
    }

    @Test
    void read_routes_need_a_read_key_always() {
        for (String path : concat(READ_ROUTES, SEED_READ)) {
            for (String wrong : new String[] {null, "nope", Keys.WRITE_KEY}) {
                Response response = request(path, wrong).get();
                assertThat(response.getStatus()).as(path + " with " + wrong).isEqualTo(401);
                assertThat(response.getHeaderString("WWW-Authenticate")).isNotNull();
            }
            assertThat(request(path, Keys.READ_KEY).get().getStatus()).as(path).isNotEqualTo(401).isNotEqualTo(403);
            assertThat(request(path, Keys.ADMIN_KEY).get().getStatus()).as(path + " with the admin key").isNotEqualTo(401);
        }
    }

    @Test
    void replay_needs_an_admin_key_and_a_read_key_is_not_one() {
        for (String path : ADMIN_POSTS) {
            for (String wrong : new String[] {null, "nope", Keys.WRITE_KEY, Keys.READ_KEY}) {
                Response response = request(path, wrong).post(Entity.json(""));
                assertThat(response.getStatus()).as(path + " with " + wrong).isEqualTo(401);
            }
            assertThat(request(path, Keys.ADMIN_KEY).post(Entity.json("")).getStatus()).as(path).isNotEqualTo(401);
        }
    }

    @Test
    void a_script_in_a_browser_gets_no_basic_challenge_that_would_open_the_browsers_sign_in_prompt() {
        // The console's call: X-Requested-With marks it, the key travels as Bearer.
        Response console = request("/v1/stats", "wrong-key").header("X-Requested-With", "XMLHttpRequest").get();
        assertThat(console.getStatus()).isEqualTo(401);
        assertThat(console.getHeaderString("WWW-Authenticate")).isEqualTo("Bearer realm=\"sluice\"");
        Response marked = api.target("/v1/events").request().header("X-Requested-With", "XMLHttpRequest").get();
        assertThat(marked.getStatus()).isEqualTo(401);
        assertThat(marked.getHeaderString("WWW-Authenticate")).doesNotContainIgnoringCase("basic").startsWith("Bearer");
        Response replay = request("/v1/dead-letters/1/replay", Keys.READ_KEY).post(Entity.json(""));
        assertThat(replay.getStatus()).isEqualTo(401);
        assertThat(replay.getHeaderString("WWW-Authenticate")).startsWith("Bearer");
    }

    @Test
    void other_clients_keep_the_basic_challenge() {
        // curl -u key: and Segment's libraries answer a Basic challenge with the key as the user name.
        Response anonymous = api.target("/v1/stats").request().get();
        assertThat(anonymous.getHeaderString("WWW-Authenticate")).isEqualTo("Basic realm=\"sluice\", charset=\"UTF-8\"");
        String basic = "Basic " + java.util.Base64.getEncoder().encodeToString("nope:".getBytes(java.nio.charset.StandardCharsets.UTF_8));
        Response segment = api.target("/v1/track").request().header("Authorization", basic)
                .post(Entity.json("{\"userId\":\"u\",\"event\":\"t\"}"));
        assertThat(segment.getStatus()).isEqualTo(401);
        assertThat(segment.getHeaderString("WWW-Authenticate")).startsWith("Basic ");
    }

    private static List<String> concat(List<String> paths, String more) {
        List<String> all = new java.util.ArrayList<>(paths);
        all.add(more);
        return all;
    }

    @Test
    void read_routes_stay_closed_when_anonymous_ingestion_is_allowed() {
        NativeApi open = new NativeApi(HttpSettings.defaults(), Keys.anonymousWrites());
        try {
            open.resources.before();
            for (String path : READ_ROUTES) {
                assertThat(open.target(path).request().get().getStatus()).as(path).isEqualTo(401);
            }
            for (String path : ADMIN_POSTS) {
                assertThat(open.target(path).request().header("Authorization", "Bearer " + Keys.READ_KEY).post(Entity.json(""))
                        .getStatus()).as(path + " with a read key").isEqualTo(401);
            }
            // Seed 001's client reads what it wrote without a key, wherever it writes without one.
            assertThat(open.target(SEED_READ).request().get().getStatus()).isEqualTo(200);
            assertThat(open.post("/track", "application/json", "{\"user_id\":\"u\",\"event_type\":\"t\"}").getStatus()).isEqualTo(202);
            // Segment's libraries always send a key: one Sluice does not know is no key at all here.
            String basic = "Basic " + java.util.Base64.getEncoder().encodeToString("any-key:".getBytes(java.nio.charset.StandardCharsets.UTF_8));
            assertThat(open.target("/v1/track").request().header("Authorization", basic)
                    .post(Entity.json("{\"userId\":\"u\",\"event\":\"t\"}")).getStatus()).isEqualTo(200);
            assertThat(open.post("/v1/batch", "application/json",
                    "{\"writeKey\":\"any-key\",\"batch\":[{\"type\":\"track\",\"userId\":\"u\",\"event\":\"t\"}]}").getStatus())
                    .isEqualTo(200);
            for (String[] route : WRITE_ROUTES) {
                assertThat(open.target(route[0]).request().header("Authorization", "Bearer any-key")
                        .post(Entity.entity(route[1], "application/json")).getStatus()).as(route[0]).isBetween(200, 202);
            }
            assertThat(open.ingest.commands()).allSatisfy(command -> assertThat(command.source().value()).isNotEqualTo("web"));
        } catch (Throwable failed) {
            throw new AssertionError(failed);
        } finally {
            try {
                open.resources.after();
            } catch (Throwable ignored) {
                // the harness's own shutdown
            }
        }
    }

    @Test
    void write_routes_need_a_write_key_when_required_and_refuse_a_wrong_one() {
        for (String[] route : WRITE_ROUTES) {
            for (String wrong : new String[] {null, "nope", Keys.READ_KEY}) {
                Response response = request(route[0], wrong).post(Entity.entity(route[1], "application/json"));
                assertThat(response.getStatus()).as(route[0] + " with " + wrong).isEqualTo(401);
            }
            Response right = request(route[0], Keys.WRITE_KEY).post(Entity.entity(route[1], "application/json"));
            assertThat(right.getStatus()).as(route[0]).isBetween(200, 202);
            Response xWriteKey = api.target(route[0]).request().header("X-Write-Key", Keys.WRITE_KEY)
                    .post(Entity.entity(route[1], "application/json"));
            assertThat(xWriteKey.getStatus()).as(route[0]).isBetween(200, 202);
        }
        // The key's source names the events.
        assertThat(api.ingest.commands()).allSatisfy(command -> assertThat(command.source().value()).isEqualTo("web"));
    }

    @Test
    void public_routes_need_no_key() {
        for (String path : List.of("/health", "/get_status", "/openapi.json", "/docs", "/docs/swagger-ui.css")) {
            assertThat(api.target(path).request().get().getStatus()).as(path).isEqualTo(200);
        }
    }

    @Test
    void the_openapi_document_lists_every_route() {
        String document = api.target("/openapi.json").request().get(String.class);

        assertThat(document).contains("\"openapi\" : \"3.0");
        for (String path : List.of("/v1/events", "/v1/events/{id}", "/v1/aggregates", "/v1/dead-letters", "/v1/dead-letters/{id}/replay",
                "/v1/stats", "/track", "/health", "/register_event", "/get_status", "/api/v1/metrics")) {
            assertThat(document).as(path).contains("\"" + path + "\"");
        }
        for (String call : List.of("track", "identify", "page", "screen", "group", "alias", "batch", "import")) {
            assertThat(document).as(call).contains("\"/v1/" + call + "\"").contains("\"/v1/" + call + "/\"");
        }
    }
}
