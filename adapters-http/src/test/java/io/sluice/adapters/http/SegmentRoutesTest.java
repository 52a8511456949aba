package io.sluice.adapters.http;

import static io.sluice.adapters.http.NativeApi.json;
import static org.assertj.core.api.Assertions.assertThat;

import io.dropwizard.testing.junit5.DropwizardExtensionsSupport;
import io.dropwizard.testing.junit5.ResourceExtension;
import io.sluice.domain.event.Event;
import io.sluice.application.port.out.BufferedRecord;
import io.sluice.domain.event.EventFields;
import io.sluice.domain.event.EventDraft;
import jakarta.ws.rs.client.Entity;
import jakarta.ws.rs.core.Response;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/** The Segment-compatible routes: mapping, keys from every place Segment puts them, limits, replayable dead letters. */
@ExtendWith(DropwizardExtensionsSupport.class)
class SegmentRoutesTest {

    private final NativeApi api = new NativeApi(HttpSettings.defaults(), Keys.writeKeysRequired());
    private final ResourceExtension resources = api.resources;

    private Response post(String path, String body, String basicUser) {
        var request = api.target(path).request();
        if (basicUser != null) {
            request = request.header("Authorization", "Basic "
                    + Base64.getEncoder().encodeToString((basicUser + ":").getBytes(StandardCharsets.UTF_8)));
        }
        return request.post(Entity.entity(body, "application/json"));
    }

    private Event only() {
        List<BufferedRecord> batch = api.ingest.buffer.batches().get(0);
        return ((BufferedRecord.EventRecord) batch.get(0)).event();
    }

    @Test
    void a_track_call_maps_onto_an_event_and_keeps_everything_else_under_segment() {
        Response response = post("/v1/track", """
                {"messageId":"m-1","userId":"u1","anonymousId":"a1","event":"Order Completed","properties":{"revenue":12.5},
                 "context":{"library":{"name":"analytics-java"}},"timestamp":"2026-03-10T12:00:00Z","sentAt":"2026-03-10T12:00:01Z"}
                """, Keys.WRITE_KEY);

        assertThat(response.getStatus()).isEqualTo(200);
        assertThat(json(response).toString()).isEqualTo("{\"success\":true}");
        Event event = only();
        assertThat(event.id().value()).isEqualTo("m-1");
        assertThat(event.user().value()).isEqualTo("u1");
        assertThat(event.type().value()).isEqualTo("Order Completed");
        assertThat(event.timestamp()).hasToString("2026-03-10T12:00:00Z");
        assertThat(event.source().value()).isEqualTo("web");
        Map<String, Object> properties = event.properties().asMap();
        assertThat(properties).containsEntry("revenue", 12.5);
        @SuppressWarnings("unchecked")
        Map<String, Object> segment = (Map<String, Object>) properties.get("_segment");
        assertThat(segment).containsEntry("anonymousId", "a1").containsEntry("sentAt", "2026-03-10T12:00:01Z")
                .containsEntry("type", "track").containsKey("context").doesNotContainKey("properties");
        assertThat(api.ingest.onlyCommand().routeFamily()).isEqualTo("segment");
    }

    @Test
    void identify_page_screen_group_and_alias_have_their_own_event_types_and_the_anonymous_id_stands_in_for_the_user() {
        for (String call : List.of("identify", "page", "screen", "group", "alias")) {
            Response response = post("/v1/" + call + "/", "{\"messageId\":\"" + call + "\",\"anonymousId\":\"anon\","
                    + "\"traits\":{\"plan\":\"pro\"},\"name\":\"Home\",\"writeKey\":\"" + Keys.WRITE_KEY + "\"}", null);
            assertThat(response.getStatus()).as(call).isEqualTo(200);
        }
        List<Event> events = api.ingest.buffer.batches().stream().map(b -> ((BufferedRecord.EventRecord) b.get(0)).event()).toList();
        assertThat(events).extracting(e -> e.type().value()).containsExactly("identify", "page", "screen", "group", "alias");
        assertThat(events).extracting(e -> e.user().value()).containsOnly("anon");
        assertThat(events.get(0).properties().asMap()).containsEntry("plan", "pro");
        // The write key sent in the body is a credential, not data.
        assertThat(events.get(0).properties().asMap().get("_segment").toString()).doesNotContain(Keys.WRITE_KEY);
    }

    @Test
    void a_batch_applies_the_shared_context_and_reports_invalid_messages_by_index() {
        Response response = api.target("/v1/batch").request().header("X-Write-Key", Keys.WRITE_KEY).post(Entity.entity("""
                {"batch":[{"type":"track","messageId":"b1","userId":"u","event":"Signed Up"},
                          {"type":"track","messageId":"b2","event":"No User"},
                          {"type":"identify","messageId":"b3","userId":"u","traits":{"email":"a@b.c"}}],
                 "context":{"ip":"1.2.3.4"},"sentAt":"2026-03-10T12:00:00Z"}
                """, "application/json"));

        assertThat(response.getStatus()).isEqualTo(200);
        var body = json(response);
        assertThat(body.get("success").asBoolean()).isTrue();
        assertThat(body.get("rejected")).hasSize(1);
        assertThat(body.get("rejected").get(0).get("index").asInt()).isEqualTo(1);
        List<BufferedRecord> records = api.ingest.buffer.batches().get(0);
        Event first = ((BufferedRecord.EventRecord) records.get(0)).event();
        assertThat(first.properties().asMap().get("_segment").toString()).contains("ip=1.2.3.4").contains("sentAt=2026-03-10T12:00:00Z");

        // The invalid message's dead letter is the mapped native document: replay reads it as an event.
        BufferedRecord.RejectedRecord rejected = (BufferedRecord.RejectedRecord) records.get(1);
        byte[] payload = rejected.deadLetter().payload();
        Map<String, Object> document = readMap(payload);
        assertThat(document).doesNotContainKey("v");
        EventDraft draft = EventFields.draft(document, payload.length, null, rejected.deadLetter().source());
        assertThat(draft.eventType()).isEqualTo("No User");
        assertThat(draft.eventId()).isEqualTo("b2");
    }

    /**
     * Issue 13's leftover: Jackson's UTF-8 parser cannot read a surrogate escape in a field name, so
     * one message's key refused the whole batch with every neighbour. As on /v1/events, an unpaired
     * one now refuses its message alone and a pair (an emoji key) is read as the emoji.
     */
    @Test
    void a_surrogate_escape_in_a_field_name_refuses_its_message_alone_and_an_emoji_key_is_accepted() throws Exception {
        Response response = api.target("/v1/batch").request().header("X-Write-Key", Keys.WRITE_KEY).post(Entity.entity("""
                {"batch":[{"type":"track","messageId":"s1","userId":"u","event":"Fine"},
                          {"type":"track","messageId":"s2","userId":"u","event":"Lone","properties":{"\\udc00key":1}},
                          {"type":"track","messageId":"s3","userId":"u","event":"Emoji","properties":{"\\ud83d\\ude00":"smile"}}],
                 "context":{"ip":"1.2.3.4"}}
                """, "application/json"));

        String answer = response.readEntity(String.class);
        assertThat(response.getStatus()).as(answer).isEqualTo(200);
        var body = new com.fasterxml.jackson.databind.ObjectMapper().readTree(answer);
        assertThat(body.get("rejected")).as(answer).hasSize(1);
        assertThat(body.get("rejected").get(0).get("index").asInt()).isEqualTo(1);
        assertThat(body.get("rejected").get(0).toString()).contains("unpaired surrogates");
        List<BufferedRecord> records = api.ingest.buffer.batches().get(0);
        assertThat(records).hasSize(3);
        assertThat(((BufferedRecord.EventRecord) records.get(0)).event().id().value()).isEqualTo("s1");
        assertThat(records.get(1)).isInstanceOf(BufferedRecord.RejectedRecord.class);
        Event emoji = ((BufferedRecord.EventRecord) records.get(2)).event();
        assertThat(emoji.properties().asMap()).containsEntry("\ud83d\ude00", "smile");
        assertThat(emoji.properties().asMap().get("_segment").toString()).contains("ip=1.2.3.4");
    }

    @Test
    void import_with_a_trailing_slash_is_a_batch_too() {
        Response response = post("/v1/import/", "{\"batch\":[{\"type\":\"page\",\"messageId\":\"i1\",\"userId\":\"u\"}]}", Keys.WRITE_KEY);

        assertThat(response.getStatus()).isEqualTo(200);
        assertThat(only().type().value()).isEqualTo("page");
    }

    @Test
    void a_message_over_32_kb_and_a_batch_over_500_kb_are_413() {
        String big = "x".repeat(33 * 1024);
        Response message = post("/v1/track", "{\"messageId\":\"m\",\"userId\":\"u\",\"event\":\"e\",\"properties\":{\"p\":\"" + big + "\"}}",
                Keys.WRITE_KEY);
        assertThat(message.getStatus()).isEqualTo(413);
        assertThat(json(message).get("error").asText()).isEqualTo("message_too_large");

        StringBuilder batch = new StringBuilder("{\"batch\":[");
        for (int i = 0; i < 20; i++) {
            batch.append(i == 0 ? "" : ",").append("{\"type\":\"track\",\"userId\":\"u\",\"event\":\"e\",\"properties\":{\"p\":\"")
                    .append("y".repeat(30 * 1024)).append("\"}}");
        }
        Response tooLarge = post("/v1/batch", batch.append("]}").toString(), Keys.WRITE_KEY);
        assertThat(tooLarge.getStatus()).isEqualTo(413);
        assertThat(api.ingest.commands()).isEmpty();
    }

    @Test
    void an_invalid_single_message_is_400_with_its_violations() {
        Response response = post("/v1/track", "{\"messageId\":\"m\",\"event\":\"e\"}", Keys.WRITE_KEY);

        assertThat(response.getStatus()).isEqualTo(400);
        var body = json(response);
        assertThat(body.get("success").asBoolean()).isFalse();
        assertThat(body.get("errors").get(0).get("field").asText()).isEqualTo("user_id");
    }

    @Test
    void keys_in_the_body_in_x_write_key_and_as_basic_user_are_accepted_and_a_wrong_or_missing_one_is_401() {
        assertThat(post("/v1/track", "{\"userId\":\"u\",\"event\":\"e\",\"writeKey\":\"" + Keys.OTHER_WRITE_KEY + "\"}", null).getStatus())
                .isEqualTo(200);
        assertThat(only().source().value()).isEqualTo("mobile");
        assertThat(post("/v1/track", "{\"userId\":\"u\",\"event\":\"e\"}", "wrong").getStatus()).isEqualTo(401);
        assertThat(post("/v1/track", "{\"userId\":\"u\",\"event\":\"e\",\"writeKey\":\"wrong\"}", null).getStatus()).isEqualTo(401);
        assertThat(post("/v1/track", "{\"userId\":\"u\",\"event\":\"e\"}", null).getStatus()).isEqualTo(401);
        assertThat(post("/v1/track", "{broken", null).getStatus()).isEqualTo(401);
        assertThat(api.ingest.commands()).hasSize(1);
    }

    private static Map<String, Object> readMap(byte[] bytes) {
        try {
            return JsonCodec.MAP_READER.readValue(bytes);
        } catch (java.io.IOException broken) {
            throw new java.io.UncheckedIOException(broken);
        }
    }
}
