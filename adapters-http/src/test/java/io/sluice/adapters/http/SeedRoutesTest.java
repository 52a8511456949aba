package io.sluice.adapters.http;

import static io.sluice.adapters.http.NativeApi.json;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.dropwizard.testing.junit5.DropwizardExtensionsSupport;
import io.dropwizard.testing.junit5.ResourceExtension;
import io.sluice.application.port.in.StoredMetric;
import io.sluice.application.port.out.BufferUnavailableException;
import io.sluice.domain.event.Event;
import io.sluice.domain.metric.MetricLabels;
import io.sluice.domain.metric.MetricName;
import io.sluice.domain.metric.MetricSample;
import io.sluice.application.port.out.BufferedRecord;
import jakarta.ws.rs.core.Response;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * The seeds' routes, contract by contract (DESIGN §4): exact status codes and bodies, success and
 * error cases, FastAPI's 422 shape for invalid requests.
 */
@ExtendWith(DropwizardExtensionsSupport.class)
class SeedRoutesTest {

    private final NativeApi api = new NativeApi();
    private final ResourceExtension resources = api.resources;

    // ---- seed 000: POST /track, GET /health ----------------------------------------------------

    @Test
    void track_answers_202_with_the_event_id_and_buffers_the_event() {
        Response response = api.post("/track", "application/json",
                "{\"user_id\":\"u1\",\"event_type\":\"page_view\",\"session_id\":\"s1\",\"properties\":{\"page\":\"/home\"}}");

        assertThat(response.getStatus()).isEqualTo(202);
        JsonNode body = json(response);
        assertThat(body.fieldNames()).toIterable().containsExactly("status", "event_id", "message");
        assertThat(body.get("status").asText()).isEqualTo("accepted");
        assertThat(body.get("message").asText()).isEqualTo("Event queued for processing");
        Event event = ((BufferedRecord.EventRecord) api.ingest.buffer.batches().get(0).get(0)).event();
        assertThat(body.get("event_id").asText()).isEqualTo(event.id().value());
        assertThat(event.user().value()).isEqualTo("u1");
        assertThat(event.session().value()).isEqualTo("s1");
        assertThat(event.properties().asMap()).containsEntry("page", "/home");
        assertThat(event.source().value()).isEqualTo("track");
        assertThat(api.ingest.onlyCommand().routeFamily()).isEqualTo("track");
    }

    @Test
    void track_answers_422_in_fastapis_shape_naming_each_bad_field() {
        Response response = api.post("/track", "application/json", "{\"event_type\":42,\"properties\":[1]}");

        assertThat(response.getStatus()).isEqualTo(422);
        JsonNode detail = json(response).get("detail");
        assertThat(detail).hasSize(3);
        assertThat(detail.get(0).get("type").asText()).isEqualTo("missing");
        assertThat(detail.get(0).get("loc").toString()).isEqualTo("[\"body\",\"user_id\"]");
        assertThat(detail.get(0).get("msg").asText()).isEqualTo("Field required");
        assertThat(detail.get(1).get("type").asText()).isEqualTo("string_type");
        assertThat(detail.get(1).get("loc").toString()).isEqualTo("[\"body\",\"event_type\"]");
        assertThat(detail.get(2).get("type").asText()).isEqualTo("dict_type");
        assertThat(detail.get(2).get("loc").toString()).isEqualTo("[\"body\",\"properties\"]");
        assertThat(api.ingest.commands()).isEmpty();
    }

    @Test
    void track_answers_422_for_json_that_does_not_parse_and_for_a_domain_violation() {
        Response malformed = api.post("/track", "application/json", "{\"user_id\":");
        assertThat(malformed.getStatus()).isEqualTo(422);
        assertThat(json(malformed).get("detail").get(0).get("type").asText()).isEqualTo("json_invalid");

        Response tooLong = api.post("/track", "application/json", "{\"user_id\":\"u\",\"event_type\":\"" + "x".repeat(101) + "\"}");
        assertThat(tooLong.getStatus()).isEqualTo(422);
        JsonNode item = json(tooLong).get("detail").get(0);
        assertThat(item.get("type").asText()).isEqualTo("value_error");
        assertThat(item.get("loc").toString()).isEqualTo("[\"body\",\"event_type\"]");
        // Kept as a dead letter all the same: nothing is dropped.
        assertThat(api.ingest.buffer.batches().get(0).get(0)).isInstanceOf(BufferedRecord.RejectedRecord.class);
    }

    @Test
    void track_answers_the_seeds_503_with_retry_after_when_the_buffer_refuses() {
        api.ingest.buffer.refuseWith(new BufferUnavailableException("down", Duration.ofSeconds(3), null));

        Response response = api.post("/track", "application/json", "{\"user_id\":\"u1\",\"event_type\":\"click\"}");

        assertThat(response.getStatus()).isEqualTo(503);
        assertThat(response.getHeaderString("Retry-After")).isEqualTo("3");
        assertThat(json(response).toString()).isEqualTo("{\"detail\":\"Event queue unavailable. Please retry.\"}");
    }

    @Test
    void health_answers_healthy() {
        Response response = resources.target("/health").request().get();

        assertThat(response.getStatus()).isEqualTo(200);
        assertThat(json(response).get("status").asText()).isEqualTo("healthy");
    }

    // ---- seed 001: POST /api/v1/metrics, GET /api/v1/metrics ------------------------------------

    @Test
    void a_metric_is_queued_with_202_and_the_seeds_body() {
        Response response = api.post("/api/v1/metrics", "application/json",
                "{\"name\":\"cpu_usage\",\"value\":85.5,\"labels\":{\"host\":\"server-01\"}}");

        assertThat(response.getStatus()).isEqualTo(202);
        JsonNode body = json(response);
        assertThat(body.fieldNames()).toIterable().containsExactly("status", "message", "timestamp");
        assertThat(body.get("status").asText()).isEqualTo("queued");
        assertThat(body.get("message").asText()).isEqualTo("Metric accepted for processing");
        assertThat(body.get("timestamp").asText()).isEqualTo(NativeApi.NOW.toString());
        MetricSample sample = ((BufferedRecord.MetricRecord) api.metricIngest.buffer.batches().get(0).get(0)).sample();
        assertThat(sample.name().value()).isEqualTo("cpu_usage");
        assertThat(sample.value()).isEqualTo(85.5);
        assertThat(sample.labels().asMap()).containsEntry("host", "server-01");
        assertThat(api.metricIngest.commands().get(0).routeFamily()).isEqualTo("metrics");
    }

    @Test
    void an_invalid_metric_is_422_naming_the_field() {
        Response response = api.post("/api/v1/metrics", "application/json", "{\"name\":\"cpu\",\"value\":\"high\",\"labels\":{\"a\":1}}");

        assertThat(response.getStatus()).isEqualTo(422);
        JsonNode detail = json(response).get("detail");
        assertThat(detail.get(0).get("type").asText()).isEqualTo("float_parsing");
        assertThat(detail.get(0).get("loc").toString()).isEqualTo("[\"body\",\"value\"]");
        assertThat(detail.get(1).get("loc").toString()).isEqualTo("[\"body\",\"labels\",\"a\"]");
    }

    @Test
    void the_newest_metrics_come_as_the_seeds_list_with_limit_default_10_and_max_100() {
        api.reads.answerNewest(List.of(new StoredMetric(7, new MetricSample("m7", new MetricName("cpu"), 42.0,
                Instant.parse("2026-03-10T12:00:00Z"), NativeApi.NOW, MetricLabels.of(Map.of("host", "a"))))));

        Response response = api.get("/api/v1/metrics");

        assertThat(response.getStatus()).isEqualTo(200);
        assertThat(json(response).toString()).isEqualTo(
                "[{\"id\":7,\"name\":\"cpu\",\"value\":42.0,\"timestamp\":\"2026-03-10T12:00:00Z\",\"labels\":{\"host\":\"a\"}}]");
        assertThat(api.get("/api/v1/metrics?limit=100").getStatus()).isEqualTo(200);
        assertThat(api.reads.newestLimits()).containsExactly(10, 100);
        Response over = api.get("/api/v1/metrics?limit=101");
        assertThat(over.getStatus()).isEqualTo(422);
        assertThat(json(over).get("detail").get(0).get("type").asText()).isEqualTo("less_than_equal");
        assertThat(json(api.get("/api/v1/metrics?limit=ten")).get("detail").get(0).get("loc").toString())
                .isEqualTo("[\"query\",\"limit\"]");
    }

    // ---- seed 002: POST /register_event, GET /get_status ---------------------------------------

    @Test
    void register_event_answers_200_event_published_and_maps_the_payload() {
        Response response = api.post("/register_event", "application/json",
                "{\"event_id\":\"e-1\",\"event_type\":\"signup\",\"payload\":{\"user_id\":\"u9\",\"plan\":\"pro\"}}");

        assertThat(response.getStatus()).isEqualTo(200);
        assertThat(json(response).toString()).isEqualTo("{\"status\":\"Event published\"}");
        Event event = ((BufferedRecord.EventRecord) api.ingest.buffer.batches().get(0).get(0)).event();
        assertThat(event.id().value()).isEqualTo("e-1");
        assertThat(event.user().value()).isEqualTo("u9");
        assertThat(event.properties().asMap()).containsEntry("plan", "pro").containsEntry("user_id", "u9");
        assertThat(event.source().value()).isEqualTo("legacy");
    }

    @Test
    void register_event_without_a_user_in_the_payload_is_the_anonymous_user() {
        api.post("/register_event", "application/json", "{\"event_id\":\"e-2\",\"event_type\":\"ping\",\"payload\":{}}");

        Event event = ((BufferedRecord.EventRecord) api.ingest.buffer.batches().get(0).get(0)).event();
        assertThat(event.user().value()).isEqualTo("anonymous");
    }

    @Test
    void register_event_answers_422_when_a_field_is_missing_or_of_the_wrong_type() {
        Response response = api.post("/register_event", "application/json", "{\"event_type\":\"signup\",\"payload\":\"x\"}");

        assertThat(response.getStatus()).isEqualTo(422);
        JsonNode detail = json(response).get("detail");
        assertThat(detail).extracting(d -> d.get("loc").get(1).asText()).containsExactly("event_id", "payload");
        assertThat(detail).extracting(d -> d.get("type").asText()).containsExactly("missing", "dict_type");
    }

    @Test
    void a_rejected_register_event_is_dead_lettered_as_a_native_document_so_it_replays() {
        api.post("/register_event", "application/json", "{\"event_id\":\"e-3\",\"event_type\":\"" + "y".repeat(101)
                + "\",\"payload\":{\"user_id\":\"u\"}}");

        BufferedRecord.RejectedRecord rejected = (BufferedRecord.RejectedRecord) api.ingest.buffer.batches().get(0).get(0);
        assertThat(new String(rejected.deadLetter().payload(), java.nio.charset.StandardCharsets.UTF_8))
                .contains("\"user_id\":\"u\"").contains("\"properties\":{\"user_id\":\"u\"}").doesNotContain("payload");
    }

    @Test
    void get_status_answers_api_is_running() {
        Response response = resources.target("/get_status").request().get();

        assertThat(response.getStatus()).isEqualTo(200);
        assertThat(json(response).toString()).isEqualTo("{\"status\":\"API is running\"}");
    }
}
