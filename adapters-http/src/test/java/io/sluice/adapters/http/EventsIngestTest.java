package io.sluice.adapters.http;

import static io.sluice.adapters.http.NativeApi.json;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.dropwizard.testing.junit5.DropwizardExtensionsSupport;
import io.dropwizard.testing.junit5.ResourceExtension;
import io.sluice.application.port.in.Incoming;
import io.sluice.application.port.in.IngestEventsCommand;
import io.sluice.application.port.out.BufferBacklogFullException;
import io.sluice.application.port.out.BufferUnavailableException;
import io.sluice.domain.deadletter.DeadLetterReason;
import io.sluice.domain.event.EventDraft;
import io.sluice.domain.event.EventSource;
import io.sluice.application.port.out.BufferedRecord;
import jakarta.ws.rs.client.Entity;
import jakarta.ws.rs.core.Response;
import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

@ExtendWith(DropwizardExtensionsSupport.class)
class EventsIngestTest {

    private static final String JSON = "application/json";
    private static final String NDJSON = "application/x-ndjson";

    private final NativeApi api = new NativeApi(HttpSettings.defaults().withMaxBodyBytes(4096));
    private final ResourceExtension resources = api.resources;

    @Test
    void accepts_a_single_object_and_hands_over_the_exact_bytes_of_it() {
        String object = "{\"event_type\":\"page_view\",\"user_id\":\"u1\",\"properties\":{\"path\":\"/caf\u00e9\"}}";

        Response response = api.post("/v1/events", JSON, "  \n" + object + "\n ");

        assertThat(response.getStatus()).isEqualTo(202);
        JsonNode body = json(response);
        assertThat(body.get("status").asText()).isEqualTo("accepted");
        assertThat(body.get("accepted").asInt()).isEqualTo(1);
        assertThat(body.get("rejected").asInt()).isEqualTo(0);
        assertThat(body.get("items").get(0).get("index").asInt()).isEqualTo(0);
        assertThat(body.get("items").get(0).get("status").asText()).isEqualTo("accepted");
        String eventId = body.get("items").get(0).get("event_id").asText();
        assertThat(eventId).isNotBlank();

        IngestEventsCommand command = api.ingest.onlyCommand();
        assertThat(command.source()).isEqualTo(EventSource.NATIVE);
        assertThat(command.routeFamily()).isEqualTo("native");
        assertThat(command.origin()).isEqualTo("POST /v1/events");
        assertThat(command.items()).hasSize(1);
        Incoming.Parsed<EventDraft> parsed = (Incoming.Parsed<EventDraft>) command.items().get(0);
        assertThat(parsed.raw()).isEqualTo(object.getBytes(StandardCharsets.UTF_8));
        assertThat(parsed.draft().eventType()).isEqualTo("page_view");
        assertThat(parsed.draft().propertiesBytes()).isEqualTo(object.getBytes(StandardCharsets.UTF_8).length);
        BufferedRecord.EventRecord stored = (BufferedRecord.EventRecord) api.ingest.buffer.batches().get(0).get(0);
        assertThat(stored.event().id().value()).isEqualTo(eventId);
        assertThat(stored.event().properties().asMap()).containsEntry("path", "/caf\u00e9");
    }

    @Test
    void reports_each_item_of_an_array_and_keeps_the_exact_bytes_of_every_item() {
        String valid = "{ \"event_id\" : \"e-1\", \"event_type\":\"click\",\"user_id\":\"\u00fc1\" }";
        String missingUser = "{\"event_type\":\"click\"}";
        String number = "42.5e1";
        String text = "\"just text, with ] and }\"";
        String nested = "[1, {\"a\": [2]}]";
        String body = "[\n  " + valid + " ,\n" + missingUser + "," + number + ",\t" + text + " , " + nested + "\n]";

        Response response = api.post("/v1/events", JSON + "; charset=UTF-8", body);

        assertThat(response.getStatus()).isEqualTo(202);
        JsonNode json = json(response);
        assertThat(json.get("status").asText()).isEqualTo("partial");
        assertThat(json.get("accepted").asInt()).isEqualTo(1);
        assertThat(json.get("rejected").asInt()).isEqualTo(4);
        JsonNode items = json.get("items");
        assertThat(items).hasSize(5);
        assertThat(items.get(0).get("status").asText()).isEqualTo("accepted");
        assertThat(items.get(0).get("event_id").asText()).isEqualTo("e-1");
        assertThat(items.get(1).get("index").asInt()).isEqualTo(1);
        assertThat(items.get(1).get("status").asText()).isEqualTo("rejected");
        assertThat(items.get(1).get("errors").get(0).get("field").asText()).isEqualTo("user_id");
        assertThat(items.get(1).get("errors").get(0).get("message").asText()).isEqualTo("is required");
        assertThat(items.get(2).get("errors").get(0).get("field").asText()).isEqualTo("item");
        assertThat(items.get(2).get("errors").get(0).get("message").asText()).isEqualTo("item 2 is a number, not a JSON object");
        assertThat(items.get(3).get("errors").get(0).get("message").asText()).isEqualTo("item 3 is a string, not a JSON object");
        assertThat(items.get(4).get("errors").get(0).get("message").asText()).isEqualTo("item 4 is an array, not a JSON object");

        List<Incoming<EventDraft>> handedOver = api.ingest.onlyCommand().items();
        assertThat(handedOver).map(i -> new String(i.raw(), StandardCharsets.UTF_8))
                .containsExactly(valid, missingUser, number, text, nested);
        assertThat(handedOver.get(0)).isInstanceOf(Incoming.Parsed.class);
        assertThat(handedOver.get(1)).isInstanceOf(Incoming.Parsed.class);
        assertThat(handedOver.subList(2, 5)).allMatch(i -> i instanceof Incoming.Unparsed);

        // Rejected items travel to the dead-letter store with the client's bytes, in the same one append.
        List<List<BufferedRecord>> batches = api.ingest.buffer.batches();
        assertThat(batches).hasSize(1);
        List<BufferedRecord> records = batches.get(0);
        assertThat(records).hasSize(5);
        BufferedRecord.RejectedRecord invalid = (BufferedRecord.RejectedRecord) records.get(1);
        assertThat(invalid.deadLetter().reason()).isEqualTo(DeadLetterReason.INVALID);
        assertThat(invalid.deadLetter().payload()).isEqualTo(missingUser.getBytes(StandardCharsets.UTF_8));
        BufferedRecord.RejectedRecord malformed = (BufferedRecord.RejectedRecord) records.get(2);
        assertThat(malformed.deadLetter().reason()).isEqualTo(DeadLetterReason.MALFORMED);
        assertThat(malformed.deadLetter().payload()).isEqualTo(number.getBytes(StandardCharsets.UTF_8));
        assertThat(malformed.deadLetter().origin()).isEqualTo("POST /v1/events");
    }

    @Test
    void a_body_that_is_one_string_or_number_holds_no_event_and_is_refused_without_a_dead_letter() {
        for (String body : new String[] {"\"hello\"", "42", " null "}) {
            Response response = api.post("/v1/events", JSON, body);

            assertThat(response.getStatus()).as(body).isEqualTo(422);
            JsonNode json = json(response);
            assertThat(json.get("status").asText()).isEqualTo("rejected");
            assertThat(json.get("accepted").asInt()).isZero();
            assertThat(json.get("rejected").asInt()).isEqualTo(1);
            assertThat(json.get("items").get(0).get("status").asText()).isEqualTo("rejected");
            assertThat(json.get("items").get(0).get("errors").get(0).get("message").asText()).contains("not a JSON object");
        }
        assertThat(api.ingest.commands()).isEmpty();
    }

    @Test
    void unknown_top_level_fields_are_kept_in_properties_and_named_in_a_warning() {
        Response response = api.post("/v1/events", JSON, "[{\"event_type\":\"x\",\"user_id\":\"u1\",\"timestmap\":\"2020-01-01T00:00:00Z\"},"
                + "{\"event_type\":\"y\",\"user_id\":\"u1\",\"properties\":{\"a\":1},\"userid\":\"u2\",\"n\":{\"b\":2}},"
                + "{\"event_type\":\"z\",\"user_id\":\"u1\",\"properties\":{\"a\":1}}]");

        assertThat(response.getStatus()).isEqualTo(202);
        JsonNode items = json(response).get("items");
        JsonNode warning = items.get(0).get("warnings").get(0);
        assertThat(warning.get("field").asText()).isEqualTo("timestmap");
        assertThat(warning.get("message").asText()).isEqualTo("is not a field of an event; kept in properties._unknown_fields");
        assertThat(items.get(1).get("warnings")).extracting(w -> w.get("field").asText()).containsExactly("userid", "n");
        assertThat(items.get(2).has("warnings")).isFalse();

        List<BufferedRecord> records = api.ingest.buffer.batches().get(0);
        var first = ((BufferedRecord.EventRecord) records.get(0)).event().properties().asMap();
        assertThat(first).containsEntry("_unknown_fields", java.util.Map.of("timestmap", "2020-01-01T00:00:00Z"));
        var second = ((BufferedRecord.EventRecord) records.get(1)).event().properties();
        assertThat(second.asMap()).containsEntry("a", 1)
                .containsEntry("_unknown_fields", java.util.Map.of("userid", "u2", "n", java.util.Map.of("b", 2)));
        // The client's text of the properties is not what is stored any more: it is encoded anew.
        assertThat(((BufferedRecord.EventRecord) records.get(1)).encodedProperties()).isNull();
    }

    @Test
    void a_batch_none_of_whose_items_was_accepted_is_422_and_its_items_are_dead_lettered() {
        Response response = api.post("/v1/events", JSON, "[{\"event_type\":\"click\"}, 7]");

        assertThat(response.getStatus()).isEqualTo(422);
        JsonNode json = json(response);
        assertThat(json.get("status").asText()).isEqualTo("rejected");
        assertThat(json.get("accepted").asInt()).isZero();
        assertThat(json.get("rejected").asInt()).isEqualTo(2);
        assertThat(json.get("items")).hasSize(2);
        assertThat(api.ingest.buffer.batches().get(0)).allMatch(record -> record instanceof BufferedRecord.RejectedRecord).hasSize(2);
    }

    @Test
    void reads_ndjson_line_by_line_skipping_blank_lines_and_keeping_bad_lines() {
        String first = "{\"event_type\":\"open\",\"user_id\":\"u1\"}";
        String broken = "{\"event_type\": \"open\", \"user_id\": ";
        String second = "{\"event_type\":\"close\",\"user_id\":7}";
        String array = "[1,2]";
        String body = first + "\r\n\n   \n" + broken + "\n" + second + "\n" + array;

        Response response = api.post("/v1/events", NDJSON, body);

        assertThat(response.getStatus()).isEqualTo(202);
        JsonNode json = json(response);
        assertThat(json.get("accepted").asInt()).isEqualTo(2);
        assertThat(json.get("rejected").asInt()).isEqualTo(2);
        JsonNode items = json.get("items");
        assertThat(items.get(0).get("status").asText()).isEqualTo("accepted");
        assertThat(items.get(1).get("status").asText()).isEqualTo("rejected");
        assertThat(items.get(1).get("errors").get(0).get("message").asText()).startsWith("line 4 is not valid JSON at column");
        assertThat(items.get(2).get("status").asText()).isEqualTo("accepted");
        assertThat(items.get(3).get("errors").get(0).get("message").asText()).isEqualTo("line 6 is an array, not a JSON object");
        assertThat(api.ingest.onlyCommand().items()).map(i -> new String(i.raw(), StandardCharsets.UTF_8))
                .containsExactly(first, broken, second, array);
    }

    @Test
    void refuses_malformed_json_naming_line_and_column() {
        Response response = api.post("/v1/events", JSON, "{\n  \"event_type\": \"a\",\n  \"user_id\": }");

        assertThat(response.getStatus()).isEqualTo(400);
        JsonNode json = json(response);
        assertThat(json.get("error").asText()).isEqualTo("malformed_json");
        assertThat(json.get("line").asInt()).isEqualTo(3);
        assertThat(json.get("column").asInt()).isEqualTo(14);
        assertThat(json.get("parser_message").asText()).contains("Unexpected character ('}'");
        assertThat(json.get("message").asText()).contains("line 3, column 14");
        assertThat(api.ingest.commands()).isEmpty();
    }

    @Test
    void refuses_an_array_that_breaks_mid_way_without_ingesting_its_first_items() {
        String body = "[{\"event_type\":\"a\",\"user_id\":\"u\"},\n {\"event_type\":\"b\",";

        Response response = api.post("/v1/events", JSON, body);

        assertThat(response.getStatus()).isEqualTo(400);
        JsonNode json = json(response);
        assertThat(json.get("error").asText()).isEqualTo("malformed_json");
        assertThat(json.get("line").asInt()).isEqualTo(2);
        assertThat(api.ingest.commands()).isEmpty();
        assertThat(api.ingest.buffer.batches()).isEmpty();
    }

    @Test
    void refuses_concatenated_objects_sent_as_json_and_points_at_ndjson() {
        Response response = api.post("/v1/events", JSON, "{\"event_type\":\"a\",\"user_id\":\"u\"}\n{\"event_type\":\"b\"}");

        assertThat(response.getStatus()).isEqualTo(400);
        JsonNode json = json(response);
        assertThat(json.get("error").asText()).isEqualTo("malformed_json");
        assertThat(json.get("line").asInt()).isEqualTo(2);
        assertThat(json.get("column").asInt()).isEqualTo(1);
        assertThat(json.get("message").asText()).contains("application/x-ndjson");
    }

    @Test
    void refuses_empty_batches() {
        for (String[] request : new String[][] {{JSON, ""}, {JSON, " \n\t "}, {JSON, "[]"}, {JSON, " [ ] "}, {NDJSON, ""},
                {NDJSON, "\n \r\n\n"}}) {
            Response response = api.post("/v1/events", request[0], request[1]);

            assertThat(response.getStatus()).as("%s %s", request[0], request[1]).isEqualTo(400);
            assertThat(json(response).get("error").asText()).isEqualTo("empty_batch");
        }
        assertThat(api.ingest.commands()).isEmpty();
    }

    @Test
    void takes_a_body_of_exactly_the_limit_and_refuses_one_byte_more() {
        String object = "{\"event_type\":\"a\",\"user_id\":\"u\"}";
        String exactly = object + " ".repeat(4096 - object.length());

        assertThat(api.post("/v1/events", JSON, exactly).getStatus()).isEqualTo(202);

        Response tooLarge = api.post("/v1/events", JSON, exactly + " ");
        assertThat(tooLarge.getStatus()).isEqualTo(413);
        JsonNode json = json(tooLarge);
        assertThat(json.get("error").asText()).isEqualTo("body_too_large");
        assertThat(json.get("max_bytes").asInt()).isEqualTo(4096);
        assertThat(api.ingest.commands()).hasSize(1);
    }

    @Test
    void refuses_a_too_large_body_sent_without_content_length() {
        byte[] body = ("[" + "{\"event_type\":\"a\",\"user_id\":\"u\"},".repeat(200) + "{}]").getBytes(StandardCharsets.UTF_8);

        // A stream entity has no known length, so the request carries no Content-Length.
        Response response = resources.target("/v1/events").request()
                .post(Entity.entity(new ByteArrayInputStream(body), JSON));

        assertThat(response.getStatus()).isEqualTo(413);
        assertThat(json(response).get("error").asText()).isEqualTo("body_too_large");
        assertThat(api.ingest.commands()).isEmpty();
    }

    @Test
    void refuses_a_declared_content_length_over_the_limit() {
        Response response = resources.target("/v1/events").request()
                .header("Content-Length", "5000")
                .post(Entity.entity(new byte[5000], JSON));

        assertThat(response.getStatus()).isEqualTo(413);
        assertThat(json(response).get("error").asText()).isEqualTo("body_too_large");
    }

    @Test
    void refuses_other_media_types_naming_the_accepted_ones() {
        for (String type : List.of("text/plain", "application/x-www-form-urlencoded", "application/json; charset=ISO-8859-1",
                "application/xml")) {
            Response response = api.post("/v1/events", type, "{\"event_type\":\"a\",\"user_id\":\"u\"}");

            assertThat(response.getStatus()).as(type).isEqualTo(415);
            JsonNode json = json(response);
            assertThat(json.get("error").asText()).isEqualTo("unsupported_media_type");
            assertThat(json.get("message").asText()).contains("application/json", "application/x-ndjson");
            assertThat(json.get("accepted")).hasSize(2);
        }
        assertThat(api.ingest.commands()).isEmpty();
    }

    @Test
    void answers_503_with_retry_after_in_whole_seconds_when_the_buffer_refuses() {
        api.ingest.buffer.refuseWith(new BufferUnavailableException("brokers down", Duration.ofMillis(1500), null));

        Response response = api.post("/v1/events", JSON, "{\"event_type\":\"a\",\"user_id\":\"u\"}");

        assertThat(response.getStatus()).isEqualTo(503);
        assertThat(response.getHeaderString("Retry-After")).isEqualTo("2");
        JsonNode json = json(response);
        assertThat(json.get("error").asText()).isEqualTo("buffer_unavailable");
        assertThat(json.get("retry_after_seconds").asInt()).isEqualTo(2);

        api.ingest.buffer.refuseWith(new BufferBacklogFullException("backlog full", Duration.ZERO));
        Response full = api.post("/v1/events", JSON, "{\"event_type\":\"a\",\"user_id\":\"u\"}");
        assertThat(full.getStatus()).isEqualTo(503);
        assertThat(full.getHeaderString("Retry-After")).isEqualTo("1");
        assertThat(json(full).get("message").asText()).contains("backlog");
    }

    @Test
    void keeps_serving_after_refusing_requests() {
        assertThat(api.post("/v1/events", JSON, "{").getStatus()).isEqualTo(400);
        assertThat(api.post("/v1/events", "text/csv", "a,b").getStatus()).isEqualTo(415);

        assertThat(api.post("/v1/events", JSON, "{\"event_type\":\"a\",\"user_id\":\"u\"}").getStatus()).isEqualTo(202);
    }
}
