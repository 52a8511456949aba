package io.sluice.adapters.http;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.fail;

import com.atlassian.oai.validator.OpenApiInteractionValidator;
import com.atlassian.oai.validator.model.Request;
import com.atlassian.oai.validator.model.SimpleRequest;
import com.atlassian.oai.validator.model.SimpleResponse;
import com.atlassian.oai.validator.report.ValidationReport;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.sluice.application.port.in.StoredEvent;
import io.sluice.application.port.out.BufferUnavailableException;
import io.sluice.domain.deadletter.DeadLetter;
import io.sluice.domain.deadletter.DeadLetterReason;
import io.sluice.domain.event.Event;
import io.sluice.domain.event.EventId;
import io.sluice.domain.event.EventProperties;
import io.sluice.domain.event.EventSource;
import io.sluice.domain.event.EventType;
import io.sluice.domain.event.UserId;
import io.swagger.parser.OpenAPIParser;
import io.swagger.v3.parser.core.models.ParseOptions;
import io.swagger.v3.parser.core.models.SwaggerParseResult;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.client.Entity;
import jakarta.ws.rs.client.Invocation;
import jakarta.ws.rs.core.Response;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.glassfish.jersey.server.model.Resource;
import org.glassfish.jersey.server.model.ResourceMethod;
import org.junit.jupiter.api.Test;

/**
 * Holds {@code GET /openapi.json} to the application: it is valid OpenAPI 3 (swagger-parser); every
 * route {@link HttpRoutes} registers is in it with tags, its success and error statuses, a request
 * schema where it takes a body and the key it needs; and real answers of every route, successes
 * and refusals, match the documented statuses, headers and schemas (Atlassian's OpenAPI
 * validator). A new route, status or field that the document does not describe fails here.
 */
class OpenApiDocumentTest {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Set<String> WRITE_SCHEMES = Set.of("writeKeyBasic", "writeKeyBearer", "writeKeyHeader");
    private static final Set<String> READ_SCHEMES = Set.of("readKeyBearer", "readKeyBasic", "readKeyHeader");
    private static final Set<String> ADMIN_SCHEMES = Set.of("adminKeyBearer");
    /** For answers whose status is another change's to decide; whatever it is, it must be documented. */
    private static final int ANY_STATUS = -1;
    private static final String PURCHASE_V1 = "{\"schema\": {\"type\": \"object\", \"required\": [\"amount\"], "
            + "\"properties\": {\"amount\": {\"type\": \"number\", \"minimum\": 0}, \"currency\": {\"type\": \"string\"}}}, "
            + "\"compatibility\": \"backward\", \"enforcement\": \"warn\"}";
    private static final Pattern TEMPLATE = Pattern.compile("\\{\\s*(\\w[\\w.-]*)\\s*(?::\\s*((?:[^{}]|\\{[^{}]*})*))?}");

    // ---------------------------------------------------------------- the document itself

    @Test
    void is_valid_openapi_3_whether_write_keys_are_required_or_not() {
        for (boolean required : new boolean[] {true, false}) {
            ParseOptions options = new ParseOptions();
            options.setResolve(true);
            SwaggerParseResult parsed = new OpenAPIParser().readContents(ApiDocsResource.render(required), null, options);

            assertThat(parsed.getMessages()).as("swagger-parser's messages (write keys required: " + required + ")").isEmpty();
            assertThat(parsed.getOpenAPI().getOpenapi()).startsWith("3.0");
            assertThat(parsed.getOpenAPI().getPaths()).isNotEmpty();
        }
    }

    @Test
    void is_served_as_rendered_and_without_the_generator_leftovers() {
        NativeApi api = new NativeApi(HttpSettings.defaults(), Keys.writeKeysRequired());
        String served = call(api, () -> api.target("/openapi.json").request().get(String.class));

        assertThat(served).isEqualTo(ApiDocsResource.render(true));
        JsonNode ingest = tree(served).at("/paths/~1v1~1events/post");
        assertThat(ingest.path("parameters").isMissingNode()).as("POST /v1/events has no header parameters").isTrue();
        assertThat(served).doesNotContain("\"Content-Length\"").doesNotContain("\"Expect\"").doesNotContain(ApiDocsResource.TRAILING_SLASH);
        assertThat(ingest.at("/requestBody/content/application~1json/schema").size()).isPositive();
    }

    @Test
    void lists_every_route_of_the_application_with_tags_statuses_bodies_and_keys() {
        for (boolean required : new boolean[] {true, false}) {
            JsonNode document = tree(ApiDocsResource.render(required));
            Set<String> declaredTags = new LinkedHashSet<>();
            document.path("tags").forEach(tag -> declaredTags.add(tag.path("name").asText()));
            Map<String, JsonNode> operations = operations(document);
            Set<String> served = new TreeSet<>();
            for (Route route : routes()) {
                served.add(route.key());
                JsonNode operation = operations.get(route.key());
                String where = route.key() + " (" + route.javaMethod + ", write keys required: " + required + ")";
                assertThat(operation).as(where + " is documented").isNotNull();
                checkOperation(document, operation, route, required, declaredTags, where);
            }
            assertThat(operations.keySet()).as("documented operations that no resource serves").isSubsetOf(served);
        }
    }

    private static void checkOperation(JsonNode document, JsonNode operation, Route route, boolean writeKeyRequired,
                                       Set<String> declaredTags, String where) {
        assertThat(operation.path("operationId").asText()).as(where + " operationId").isNotEmpty();
        assertThat(operation.path("tags")).as(where + " tags").isNotEmpty();
        operation.path("tags").forEach(tag -> assertThat(declaredTags).as(where + " tag").contains(tag.asText()));

        JsonNode responses = operation.path("responses");
        assertThat(responses.has("default")).as(where + " has no catch-all 'default' response").isFalse();
        Set<String> statuses = new TreeSet<>();
        responses.fieldNames().forEachRemaining(statuses::add);
        assertThat(statuses).as(where + " has a success status").anyMatch(status -> status.startsWith("2"));
        for (String status : statuses) {
            JsonNode response = resolve(document, responses.path(status));
            if (status.startsWith("2") || status.startsWith("4") || status.startsWith("5")) {
                assertThat(response.path("content").size()).as(where + " " + status + " has a body schema").isPositive();
                response.path("content").forEach(media -> assertThat(media.path("schema").size())
                        .as(where + " " + status + " schema").isPositive());
            }
            if (status.equals("429") || status.equals("503")) {
                assertThat(response.at("/headers/Retry-After").isMissingNode()).as(where + " " + status + " Retry-After").isFalse();
            }
        }

        Set<String> alternatives = new LinkedHashSet<>();
        boolean anonymous = false;
        JsonNode security = operation.path("security");
        assertThat(security.isArray()).as(where + " states its security, [] when public").isTrue();
        for (JsonNode requirement : security) {
            if (requirement.isEmpty()) {
                anonymous = true;
            }
            requirement.fieldNames().forEachRemaining(alternatives::add);
        }
        switch (route.level) {
            case PUBLIC -> assertThat(security).as(where + " needs no key").isEmpty();
            case READ, ADMIN -> {
                assertThat(alternatives).as(where + " keys").isEqualTo(route.level == Access.Level.ADMIN ? ADMIN_SCHEMES : READ_SCHEMES);
                assertThat(anonymous).as(where + " is never anonymous").isFalse();
                assertThat(statuses).as(where).contains("401", "503");
            }
            case SEED_READ -> {
                assertThat(alternatives).as(where + " keys").isEqualTo(READ_SCHEMES);
                assertThat(anonymous).as(where + " anonymous exactly when write keys are not required").isEqualTo(!writeKeyRequired);
                assertThat(statuses).as(where).contains("401", "503");
            }
            case WRITE -> {
                assertThat(alternatives).as(where + " keys").isEqualTo(WRITE_SCHEMES);
                assertThat(anonymous).as(where + " anonymous exactly when write keys are not required").isEqualTo(!writeKeyRequired);
                assertThat(statuses).as(where).contains("401", "413", "429", "503");
            }
            default -> fail(where + ": access level " + route.level + " is new; teach this test (and the document) its keys");
        }

        JsonNode body = resolve(document, operation.path("requestBody"));
        if (route.takesBody) {
            assertThat(body.path("required").asBoolean()).as(where + " body is required").isTrue();
            assertThat(body.path("content").size()).as(where + " request body").isPositive();
            body.path("content").forEach(media -> assertThat(media.path("schema").size()).as(where + " request schema").isPositive());
        } else {
            assertThat(body.isMissingNode()).as(where + " takes no body").isTrue();
        }
    }

    // ---------------------------------------------------------------- real answers against the document

    @Test
    void every_route_answers_successfully_as_documented() {
        Set<String> answered = new TreeSet<>();
        NativeApi api = new NativeApi();
        run(api, () -> {
            Checker check = new Checker(api, answered);
            storeOneEventAndTwoDeadLetters(api);
            api.reads.answerNewest(List.of());

            check.full("POST", "/v1/events", null, "application/json", "{\"event_type\":\"page_view\",\"user_id\":\"u1\"}", 202);
            check.full("POST", "/v1/events", null, "application/json",
                    "[{\"event_type\":\"page_view\",\"user_id\":\"u1\",\"properties\":{\"page\":\"/\"}},{\"event_type\":\"x\",\"user_id\":\"u2\"}]",
                    202);
            check.response("POST", "/v1/events", null, "application/json", "[{\"event_type\":\"x\",\"user_id\":\"u\"},{\"event_type\":\"x\"}]",
                    202);
            check.full("POST", "/v1/events", null, "application/x-ndjson; charset=utf-8",
                    "{\"event_type\":\"a\",\"user_id\":\"u\"}\n{\"event_type\":\"b\",\"user_id\":\"u\"}\n", 202);
            check.full("GET", "/v1/events?type=click&limit=1", Keys.READ_KEY, null, null, 200);
            check.full("GET", "/v1/events/e1", Keys.READ_KEY, null, null, 200);
            check.full("GET", "/v1/aggregates?granularity=minute", Keys.READ_KEY, null, null, 200);
            check.full("GET", "/v1/metrics/aggregates?window=5m", Keys.READ_KEY, null, null, 200);
            check.full("GET", "/v1/dead-letters?limit=1", Keys.READ_KEY, null, null, 200);
            check.full("GET", "/v1/dead-letters/1", Keys.READ_KEY, null, null, 200);
            check.full("GET", "/v1/dead-letters/2", Keys.READ_KEY, null, null, 200);
            check.response("POST", "/v1/dead-letters/1/replay", Keys.ADMIN_KEY, null, null, 200);
            check.response("POST", "/v1/dead-letters/replay?reason=invalid", Keys.ADMIN_KEY, null, null, 200);
            check.full("GET", "/v1/stats", Keys.READ_KEY, null, null, 200);

            check.full("POST", "/track", null, "application/json", "{\"user_id\":\"u\",\"event_type\":\"t\",\"properties\":{}}", 202);
            check.full("GET", "/health", null, null, null, 200);
            check.full("POST", "/register_event", null, "application/json",
                    "{\"event_id\":\"e9\",\"event_type\":\"t\",\"payload\":{\"user_id\":\"u\"}}", 200);
            check.full("GET", "/get_status", null, null, null, 200);
            check.full("POST", "/api/v1/metrics", null, "application/json", "{\"name\":\"cpu\",\"value\":0.5,\"labels\":{\"h\":\"a\"}}", 202);
            check.full("GET", "/api/v1/metrics?limit=5", Keys.READ_KEY, null, null, 200);

            for (String call : List.of("track", "identify", "page", "screen", "group", "alias")) {
                String message = "{\"userId\":\"u\",\"event\":\"Clicked\",\"messageId\":\"m-" + call + "\"}";
                check.full("POST", "/v1/" + call, null, "application/json", message, 200);
                check.full("POST", "/v1/" + call + "/", null, "application/json", message.replace("m-", "s-"), 200);
            }
            String batch = "{\"batch\":[{\"type\":\"track\",\"userId\":\"u\",\"event\":\"A\"},{\"type\":\"track\",\"event\":\"B\"}]}";
            for (String path : List.of("/v1/batch", "/v1/batch/", "/v1/import", "/v1/import/")) {
                check.response("POST", path, null, "application/json", batch, 200);
            }

            check.full("GET", "/openapi.json", null, null, null, 200);
            check.full("GET", "/docs", null, null, null, 200);
            check.response("GET", "/docs/swagger-ui.css", null, null, null, 200);
            check.response("GET", "/console", null, null, null, 200);
            check.response("GET", "/console/console.js", null, null, null, 200);
            check.full("GET", "/v1/live/pulse", Keys.READ_KEY, null, null, 200);
            check.full("POST", "/v1/archive/restore?date=2026-03-01", Keys.ADMIN_KEY, null, null, 200);

            check.full("PUT", "/v1/schemas/purchase", Keys.ADMIN_KEY, "application/json", PURCHASE_V1, 201);
            check.full("PUT", "/v1/schemas/purchase", Keys.ADMIN_KEY, "application/json",
                    PURCHASE_V1.replace("\"warn\"", "\"block\""), 200);
            check.full("GET", "/v1/schemas", Keys.READ_KEY, null, null, 200);
            check.full("GET", "/v1/schemas/purchase", Keys.READ_KEY, null, null, 200);
            check.full("GET", "/v1/schemas/purchase/versions/1", Keys.READ_KEY, null, null, 200);
        });
        Set<String> routes = new TreeSet<>();
        routes().forEach(route -> routes.add(route.key()));
        // An endless event stream cannot be answered whole by this in-memory harness; LiveStreamTest
        // reads it over real HTTP.
        routes.remove("GET /v1/live");
        assertThat(answered).as("routes answered successfully in this test").containsAll(routes);
    }

    @Test
    void refusals_have_the_documented_status_headers_and_body() {
        NativeApi api = new NativeApi(HttpSettings.defaults().withMaxBodyBytes(1024), Keys.writeKeysRequired());
        run(api, () -> {
            Checker check = new Checker(api, new TreeSet<>());
            storeOneEventAndTwoDeadLetters(api);
            String event = "{\"event_type\":\"t\",\"user_id\":\"u\"}";
            String large = "{\"event_type\":\"t\",\"user_id\":\"u\",\"properties\":{\"p\":\"" + "x".repeat(2000) + "\"}}";

            check.response("POST", "/v1/events", Keys.WRITE_KEY, "application/json", "{\"event_type\":", 400);
            check.response("POST", "/v1/events", Keys.WRITE_KEY, "application/json", "[]", 400);
            check.response("POST", "/v1/events", null, "application/json", event, 401);
            check.response("POST", "/v1/events", "wrong", "application/json", event, 401);
            check.response("POST", "/v1/events", Keys.WRITE_KEY, "application/json", large, 413);
            check.response("POST", "/v1/events", Keys.WRITE_KEY, "text/plain", event, 415);
            // No item accepted: issue 14 item 7 decides the status; the document must say it.
            check.response("POST", "/v1/events", Keys.WRITE_KEY, "application/json", "\"hello\"", 422);
            check.response("POST", "/v1/events", Keys.WRITE_KEY, "application/json", "[{\"event_type\":\"x\"}]", 422);
            check.response("GET", "/v1/events?from=yesterday", Keys.READ_KEY, null, null, 400);
            check.response("GET", "/v1/events", null, null, null, 401);
            check.response("GET", "/v1/events/nope", Keys.READ_KEY, null, null, 404);
            check.response("GET", "/v1/aggregates?granularity=week", Keys.READ_KEY, null, null, 400);
            check.response("GET", "/v1/metrics/aggregates?window=2m", Keys.READ_KEY, null, null, 400);
            check.response("GET", "/v1/dead-letters?replayed=maybe", Keys.READ_KEY, null, null, 400);
            check.response("GET", "/v1/dead-letters/x", Keys.READ_KEY, null, null, 400);
            check.response("GET", "/v1/dead-letters/99", Keys.READ_KEY, null, null, 404);
            check.response("POST", "/v1/dead-letters/99/replay", Keys.ADMIN_KEY, null, null, 404);
            check.response("POST", "/v1/dead-letters/1/replay", null, null, null, 401);
            check.response("POST", "/v1/dead-letters/1/replay", Keys.ADMIN_KEY, null, null, 200);
            check.response("POST", "/v1/dead-letters/1/replay", Keys.ADMIN_KEY, null, null, 409);
            check.response("POST", "/v1/dead-letters/replay?limit=0", Keys.ADMIN_KEY, null, null, 400);
            check.response("POST", "/v1/archive/restore?date=yesterday", Keys.ADMIN_KEY, null, null, 400);
            check.response("POST", "/v1/archive/restore?date=2026-03-01", Keys.READ_KEY, null, null, 401);
            check.response("GET", "/v1/stats", "wrong", null, null, 401);

            check.response("PUT", "/v1/schemas/purchase", Keys.ADMIN_KEY, "application/json", PURCHASE_V1, 201);
            check.response("PUT", "/v1/schemas/purchase", Keys.ADMIN_KEY, "application/json",
                    PURCHASE_V1.replace("\"required\": [\"amount\"]", "\"required\": [\"amount\", \"currency\"]"), 409);
            check.response("PUT", "/v1/schemas/purchase", Keys.ADMIN_KEY, "application/json", "{\"schema\": {\"type\": \"money\"}}", 422);
            check.response("PUT", "/v1/schemas/purchase", Keys.ADMIN_KEY, "application/json", "{\"schema\":", 400);
            check.response("PUT", "/v1/schemas/purchase", Keys.ADMIN_KEY, "application/json", "{\"compatibility\": \"full\"}", 400);
            check.response("PUT", "/v1/schemas/purchase", Keys.READ_KEY, "application/json", PURCHASE_V1, 401);
            check.response("PUT", "/v1/schemas/purchase", null, "application/json", PURCHASE_V1, 401);
            api.schemas.manageByDirectory(new EventType("signup"));
            check.response("PUT", "/v1/schemas/signup", Keys.ADMIN_KEY, "application/json", PURCHASE_V1, 409);
            check.response("GET", "/v1/schemas", null, null, null, 401);
            check.response("GET", "/v1/schemas/refund", Keys.READ_KEY, null, null, 404);
            check.response("GET", "/v1/schemas/purchase/versions/7", Keys.READ_KEY, null, null, 404);
            check.response("GET", "/v1/schemas/purchase/versions/first", Keys.READ_KEY, null, null, 400);

            check.response("POST", "/track", Keys.WRITE_KEY, "application/json", "{\"event_type\":\"t\"}", 422);
            check.response("POST", "/track", Keys.WRITE_KEY, "application/json", "{\"user_id\":", 422);
            check.response("POST", "/track", null, "application/json", "{\"user_id\":\"u\",\"event_type\":\"t\"}", 401);
            check.response("POST", "/track", Keys.WRITE_KEY, "application/json", large.replace("event_type", "user_id2"), 413);
            check.response("POST", "/register_event", Keys.WRITE_KEY, "application/json", "{\"event_id\":1}", 422);
            check.response("POST", "/api/v1/metrics", Keys.WRITE_KEY, "application/json", "{\"name\":\"m\",\"value\":\"x\"}", 422);
            check.response("GET", "/api/v1/metrics?limit=0", Keys.READ_KEY, null, null, 422);
            check.response("GET", "/api/v1/metrics", null, null, null, 401);

            check.response("POST", "/v1/track", Keys.WRITE_KEY, "application/json", "{\"userId\":\"u\"}", 400);
            check.response("POST", "/v1/track/", Keys.WRITE_KEY, "application/json", "[1]", 400);
            check.response("POST", "/v1/identify", null, "application/json", "{\"userId\":\"u\"}", 401);
            check.response("POST", "/v1/page", Keys.WRITE_KEY, "application/json", large, 413);
            check.response("POST", "/v1/batch", Keys.WRITE_KEY, "application/json", "{\"batch\":[]}", 400);
            check.response("POST", "/v1/import", Keys.WRITE_KEY, "application/json", "{\"batch\":{}}", 400);
            check.response("POST", "/v1/batch/", "wrong", "application/json", "{\"batch\":[]}", 401);

            check.response("GET", "/docs/nothing.js", null, null, null, 404);

            api.ingest.buffer.refuseWith(new BufferUnavailableException("brokers down", Duration.ofMillis(1500), null));
            check.response("POST", "/v1/events", Keys.WRITE_KEY, "application/json", event, 503);
            check.response("POST", "/track", Keys.WRITE_KEY, "application/json", event, 503);
            check.response("POST", "/register_event", Keys.WRITE_KEY, "application/json",
                    "{\"event_id\":\"e\",\"event_type\":\"t\",\"payload\":{}}", 503);
            check.response("POST", "/v1/alias", Keys.WRITE_KEY, "application/json", "{\"userId\":\"u\"}", 503);
            check.response("POST", "/v1/batch", Keys.WRITE_KEY, "application/json", "{\"batch\":[{\"type\":\"alias\",\"userId\":\"u\"}]}",
                    503);

            api.events.goDown();
            api.reads.goDown();
            check.response("GET", "/v1/events", Keys.READ_KEY, null, null, 503);
            check.response("GET", "/v1/stats", Keys.READ_KEY, null, null, 503);
            check.response("GET", "/v1/aggregates", Keys.READ_KEY, null, null, 503);
            check.response("GET", "/api/v1/metrics", Keys.READ_KEY, null, null, 503);
            api.schemas.goDown();
            check.response("GET", "/v1/schemas", Keys.READ_KEY, null, null, 503);
            check.response("PUT", "/v1/schemas/purchase", Keys.ADMIN_KEY, "application/json", PURCHASE_V1, 503);
        });
    }

    @Test
    void a_rate_limited_request_gets_the_documented_429() {
        HttpAccess limited = new HttpAccess(Keys.keys(), true, new HttpAccess.RateLimit(true, 1, 1, 10, List.of()), HttpAccess.Cors.off());
        NativeApi api = new NativeApi(HttpSettings.defaults(), limited);
        run(api, () -> {
            Checker check = new Checker(api, new TreeSet<>());
            String event = "{\"event_type\":\"t\",\"user_id\":\"u\"}";
            check.full("POST", "/v1/events", Keys.WRITE_KEY, "application/json", event, 202);
            check.response("POST", "/v1/events", Keys.WRITE_KEY, "application/json", event, 429);
            check.response("POST", "/track", Keys.WRITE_KEY, "application/json", "{\"user_id\":\"u\",\"event_type\":\"t\"}", 429);
            check.response("POST", "/v1/track", Keys.WRITE_KEY, "application/json", "{\"userId\":\"u\",\"event\":\"t\"}", 429);
        });
    }

    @Test
    void a_request_with_too_many_items_gets_the_documented_413() {
        NativeApi api = new NativeApi();
        run(api, () -> {
            Checker check = new Checker(api, new TreeSet<>());
            String items = "[" + "{},".repeat(HttpSettings.MAX_ITEMS_PER_REQUEST) + "{}]";
            check.response("POST", "/v1/events", null, "application/json", items, 413);
            check.response("POST", "/v1/batch", null, "application/json", "{\"batch\":" + items + "}", 413);
        });
    }

    @Test
    void the_ingest_example_matches_a_real_answer_and_every_example_its_schema() {
        NativeApi api = new NativeApi();
        run(api, () -> {
            JsonNode document = tree(ApiDocsResource.render(false));
            JsonNode example = document.at("/paths/~1v1~1events/post/responses/202/content/application~1json/example");
            Response real = api.post("/v1/events", "application/json", "[{\"event_type\":\"a\",\"user_id\":\"u\"},{\"event_type\":\"b\"}]");
            JsonNode answer = NativeApi.json(real);

            assertThat(real.getStatus()).isEqualTo(202);
            assertThat(fieldNames(answer)).isEqualTo(fieldNames(example));
            for (int item = 0; item < 2; item++) {
                assertThat(fieldNames(answer.at("/items/" + item))).as("item " + item).isEqualTo(fieldNames(example.at("/items/" + item)));
            }
            assertThat(fieldNames(answer.at("/items/1/errors/0"))).isEqualTo(fieldNames(example.at("/items/1/errors/0")));
        });

        OpenApiInteractionValidator validator = OpenApiInteractionValidator.createForInlineApiSpecification(ApiDocsResource.render(true))
                .build();
        int examples = 0;
        JsonNode document = tree(ApiDocsResource.render(true));
        for (Map.Entry<String, JsonNode> operation : operations(document).entrySet()) {
            String[] methodAndPath = operation.getKey().split(" ", 2);
            String path = concretePath(document, operation.getValue(), methodAndPath[1]);
            JsonNode requestContent = resolve(document, operation.getValue().path("requestBody")).path("content").path("application/json");
            List<JsonNode> requestExamples = new ArrayList<>();
            if (requestContent.has("example")) {
                requestExamples.add(requestContent.path("example"));
            }
            requestContent.path("examples").forEach(named -> requestExamples.add(named.path("value")));
            for (JsonNode requestExample : requestExamples) {
                SimpleRequest request = new SimpleRequest.Builder(methodAndPath[0], path).withContentType("application/json")
                        .withAuthorization("Bearer key").withBody(requestExample.toString()).build();
                assertThat(validator.validateRequest(request).getMessages()).as(operation.getKey() + " request example").isEmpty();
                examples++;
            }
            JsonNode responses = operation.getValue().path("responses");
            for (Iterator<String> statuses = responses.fieldNames(); statuses.hasNext(); ) {
                String status = statuses.next();
                JsonNode response = resolve(document, responses.path(status));
                JsonNode content = response.path("content").path("application/json");
                if (!content.has("example")) {
                    continue;
                }
                SimpleResponse.Builder built = SimpleResponse.Builder.status(Integer.parseInt(status)).withContentType("application/json")
                        .withBody(content.path("example").toString());
                response.path("headers").fieldNames().forEachRemaining(header -> built.withHeader(header, "1"));
                ValidationReport report = validator.validateResponse(path, Request.Method.valueOf(methodAndPath[0]), built.build());
                assertThat(report.getMessages()).as(operation.getKey() + " " + status + " example").isEmpty();
                examples++;
            }
        }
        assertThat(examples).isGreaterThanOrEqualTo(20);
    }

    // ---------------------------------------------------------------- helpers

    /** One answer checked against the document the same server serves; successes are recorded by route. */
    private static final class Checker {

        private final NativeApi api;
        private final Set<String> answered;
        private final OpenApiInteractionValidator validator;

        Checker(NativeApi api, Set<String> answered) {
            this.api = api;
            this.answered = answered;
            this.validator = OpenApiInteractionValidator.createForInlineApiSpecification(
                    api.target("/openapi.json").request().get(String.class)).build();
        }

        /** The request and the response both conform. */
        void full(String method, String pathAndQuery, String key, String contentType, String body, int status) {
            Exchange exchange = exchange(method, pathAndQuery, key, contentType, body, status);
            report(exchange, validator.validate(exchange.request, exchange.response));
        }

        /** The response conforms (the request may be one the document rules out, such as a refused one). */
        void response(String method, String pathAndQuery, String key, String contentType, String body, int status) {
            Exchange exchange = exchange(method, pathAndQuery, key, contentType, body, status);
            report(exchange, validator.validateResponse(exchange.request.getPath(), exchange.request.getMethod(), exchange.response));
        }

        private void report(Exchange exchange, ValidationReport report) {
            List<String> messages = new ArrayList<>();
            report.getMessages().forEach(message -> messages.add(message.getLevel() + " " + message.getKey() + ": " + message.getMessage()));
            assertThat(messages).as(exchange.describe()).isEmpty();
        }

        private Exchange exchange(String method, String pathAndQuery, String key, String contentType, String body, int status) {
            Invocation.Builder call = api.target(pathAndQuery).request();
            if (key != null) {
                call = call.header("Authorization", "Bearer " + key);
            }
            Response answer = body == null ? call.method(method)
                    : call.method(method, Entity.entity(body.getBytes(StandardCharsets.UTF_8), contentType));
            byte[] bytes = answer.readEntity(byte[].class);
            String text = new String(bytes, StandardCharsets.UTF_8);
            if (status != ANY_STATUS) {
                assertThat(answer.getStatus()).as(method + " " + pathAndQuery + " answered " + text).isEqualTo(status);
            }

            int query = pathAndQuery.indexOf('?');
            String path = query < 0 ? pathAndQuery : pathAndQuery.substring(0, query);
            SimpleRequest.Builder request = new SimpleRequest.Builder(method, path);
            if (query >= 0) {
                for (String pair : pathAndQuery.substring(query + 1).split("&")) {
                    String[] nameAndValue = pair.split("=", 2);
                    request.withQueryParam(nameAndValue[0], nameAndValue.length > 1 ? nameAndValue[1] : "");
                }
            }
            if (key != null) {
                request.withAuthorization("Bearer " + key);
            }
            if (body != null) {
                request.withContentType(contentType).withBody(body);
            }
            SimpleResponse.Builder response = SimpleResponse.Builder.status(answer.getStatus()).withBody(text);
            answer.getStringHeaders().forEach((name, values) -> response.withHeader(name, values));
            if (answer.getMediaType() != null) {
                response.withContentType(answer.getMediaType().toString());
            }
            if (answer.getStatus() / 100 == 2) {
                answered.add(method + " " + normalized(matchingRoute(method, path)));
            }
            return new Exchange(request.build(), response.build(), method + " " + pathAndQuery + " → " + answer.getStatus() + " " + abbreviated(text));
        }
    }

    private record Exchange(Request request, com.atlassian.oai.validator.model.Response response, String describe) {
    }

    private static String abbreviated(String text) {
        return text.length() <= 300 ? text : text.substring(0, 300) + "…";
    }

    /** A route of the application: a resource method at one concrete path (templates of finite alternatives expanded). */
    private record Route(String method, String path, Access.Level level, boolean takesBody, String javaMethod) {
        String key() {
            return method + " " + normalized(path);
        }
    }

    /** Every route {@link HttpRoutes#components} registers, read from Jersey's model of the resources. */
    private static List<Route> routes() {
        synchronized (ROUTES) {
            if (ROUTES.isEmpty()) {
                ROUTES.addAll(findRoutes());
            }
            return List.copyOf(ROUTES);
        }
    }

    private static final List<Route> ROUTES = new ArrayList<>();

    private static List<Route> findRoutes() {
        HttpUseCases none = new HttpUseCases(new RecordingIngest(java.time.Clock.systemUTC()), new InMemoryEvents(), new RecordingReads(),
                new RecordingReads(), new InMemoryDeadLetters(Instant.EPOCH), new InMemoryDeadLetters(Instant.EPOCH), new RecordingReads(),
                new RecordingMetricIngest(java.time.Clock.systemUTC()));
        List<Route> routes = new ArrayList<>();
        // With the live view and the schema registry, so their routes are held to the document too.
        InMemorySchemas schemas = new InMemorySchemas();
        for (Object component : HttpRoutes.components(HttpRouteParts.of(none, HttpSettings.defaults(), Keys.anonymousWrites(),
                java.time.Clock.systemUTC()).withLive(new LiveHub(LiveSettings.defaults())).withRestore(NativeApi::restoreNothing)
                .withSchemas(schemas, schemas))) {
            if (component.getClass().isAnnotationPresent(Path.class)) {
                collect(Resource.from(component.getClass()), "", routes);
            }
        }
        assertThat(routes).as("routes found in the application").hasSizeGreaterThan(20);
        return routes;
    }

    private static void collect(Resource resource, String parent, List<Route> routes) {
        String path = join(parent, resource.getPath());
        for (ResourceMethod method : resource.getResourceMethods()) {
            Access access = method.getInvocable().getDefinitionMethod().getAnnotation(Access.class);
            assertThat(access).as(method.getInvocable().getDefinitionMethod() + " has @Access").isNotNull();
            boolean takesBody = method.getInvocable().getParameters().stream().anyMatch(p -> p.getSource().name().equals("ENTITY"));
            for (String concrete : expanded(path)) {
                routes.add(new Route(method.getHttpMethod(), concrete, access.value(), takesBody,
                        method.getInvocable().getDefinitionMethod().getDeclaringClass().getSimpleName() + "."
                                + method.getInvocable().getDefinitionMethod().getName()));
            }
        }
        for (Resource child : resource.getChildResources()) {
            collect(child, path, routes);
        }
    }

    private static String join(String parent, String path) {
        String joined = (parent.endsWith("/") ? parent.substring(0, parent.length() - 1) : parent) + "/"
                + (path == null ? "" : path.startsWith("/") ? path.substring(1) : path);
        return joined.length() > 1 && joined.endsWith("/") ? joined.substring(0, joined.length() - 1) : joined;
    }

    /** {@code {call: a|b}{slash: /?}} becomes a, a/, b, b/; an open template ({@code {id}}) stays a parameter. */
    private static List<String> expanded(String template) {
        Matcher matcher = TEMPLATE.matcher(template);
        if (!matcher.find()) {
            return List.of(template);
        }
        String before = template.substring(0, matcher.start());
        String regex = matcher.group(2) == null ? null : matcher.group(2).trim();
        List<String> choices;
        if (regex != null && regex.matches("[A-Za-z0-9_-]+(\\|[A-Za-z0-9_-]+)*")) {
            choices = List.of(regex.split("\\|"));
        } else if ("/?".equals(regex)) {
            choices = List.of("", "/");
        } else {
            choices = List.of("{" + matcher.group(1) + "}");
        }
        List<String> paths = new ArrayList<>();
        for (String choice : choices) {
            for (String rest : expanded(template.substring(matcher.end()))) {
                paths.add(before + choice + rest);
            }
        }
        return paths;
    }

    /** The path template's parameters unnamed, so {@code /v1/events/{id}} and {@code /v1/events/{eventId}} compare equal. */
    private static String normalized(String path) {
        return path.replaceAll("\\{[^}]*}", "{}");
    }

    private static String matchingRoute(String method, String path) {
        for (Route route : routes()) {
            if (route.method.equals(method) && path.matches(route.path.replaceAll("\\{[^}]*}", "[^/]+").replace(".", "\\."))) {
                return route.path;
            }
        }
        throw new AssertionError("no route serves " + method + " " + path);
    }

    /** {@code "METHOD /path/{}"} → the operation. */
    private static Map<String, JsonNode> operations(JsonNode document) {
        Map<String, JsonNode> operations = new LinkedHashMap<>();
        document.path("paths").fields().forEachRemaining(path -> path.getValue().fields().forEachRemaining(operation -> {
            if (operation.getValue().has("responses")) {
                operations.put(operation.getKey().toUpperCase(java.util.Locale.ROOT) + " " + normalized(path.getKey()), operation.getValue());
            }
        }));
        return operations;
    }

    /** The documented path with each path parameter replaced by a valid sample. */
    private static String concretePath(JsonNode document, JsonNode operation, String template) {
        for (JsonNode parameter : operation.path("parameters")) {
            JsonNode resolved = resolve(document, parameter);
            if (resolved.path("in").asText().equals("path")) {
                String sample = resolved.at("/schema/type").asText().equals("integer") ? "1" : "sample";
                template = template.replace("{}", sample);
            }
        }
        return template;
    }

    private static JsonNode resolve(JsonNode document, JsonNode node) {
        JsonNode current = node;
        while (current.has("$ref")) {
            current = document.at(current.path("$ref").asText().substring(1));
        }
        return current;
    }

    private static Set<String> fieldNames(JsonNode node) {
        Set<String> names = new TreeSet<>();
        node.fieldNames().forEachRemaining(names::add);
        return names;
    }

    private static void storeOneEventAndTwoDeadLetters(NativeApi api) {
        Instant at = NativeApi.NOW.minusSeconds(60);
        api.events.store(new StoredEvent(1, new Event(new EventId("e1"), new EventType("click"), new UserId("u1"), null, at,
                at.plusMillis(5), null, EventProperties.EMPTY, EventSource.NATIVE), at.plusSeconds(1)));
        api.deadLetters.store(1, new DeadLetter(DeadLetterReason.INVALID, "user_id: is required",
                "{\"event_type\":\"t\",\"user_id\":\"u\"}".getBytes(StandardCharsets.UTF_8), "POST /v1/events", EventSource.NATIVE, null, at, 1));
        api.deadLetters.store(2, new DeadLetter(DeadLetterReason.MALFORMED, "not JSON", new byte[] {(byte) 0xff, 0x00},
                "POST /v1/events", EventSource.NATIVE, null, at, 1));
    }

    private static JsonNode tree(String json) {
        try {
            return JSON.readTree(json);
        } catch (IOException broken) {
            throw new UncheckedIOException(broken);
        }
    }

    /** Runs {@code body} with the harness of {@code api} started, and stops it after. */
    private static <T> T call(NativeApi api, java.util.concurrent.Callable<T> body) {
        try {
            api.resources.before();
            return body.call();
        } catch (RuntimeException | Error failed) {
            throw failed;
        } catch (Throwable failed) {
            throw new AssertionError(failed);
        } finally {
            try {
                api.resources.after();
            } catch (Throwable ignored) {
                // the harness's own shutdown
            }
        }
    }

    private static void run(NativeApi api, Runnable body) {
        call(api, () -> {
            body.run();
            return null;
        });
    }
}
