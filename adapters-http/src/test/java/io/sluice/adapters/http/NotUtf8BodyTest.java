package io.sluice.adapters.http;

import static io.sluice.adapters.http.NativeApi.json;
import static org.assertj.core.api.Assertions.assertThat;

import io.dropwizard.testing.junit5.DropwizardExtensionsSupport;
import io.dropwizard.testing.junit5.ResourceExtension;
import jakarta.ws.rs.core.Response;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/** A fuzzing finding: bytes the parser takes for UTF-32 must be a 400, never a 500. */
@ExtendWith(DropwizardExtensionsSupport.class)
class NotUtf8BodyTest {

    private static final byte[] UTF32_LOOKALIKE = {0x2c, (byte) 0xff, 0, 0, 0, 0, 0, 0, 0, 0, (byte) 0xbd, (byte) 0xbd, 0x09};

    private final NativeApi api = new NativeApi();
    @SuppressWarnings("unused")
    private final ResourceExtension resources = api.resources;

    @Test
    void a_json_body_that_is_not_utf8_is_malformed_json() {
        Response response = api.post("/v1/events", "application/json", UTF32_LOOKALIKE);
        assertThat(response.getStatus()).isEqualTo(400);
        assertThat(json(response).get("error").asText()).isEqualTo("malformed_json");
        assertThat(api.ingest.commands()).isEmpty();
    }

    @Test
    void a_body_that_looks_like_utf16_is_malformed_json_on_every_json_route() {
        byte[] utf16Number = {'9', 0};
        for (String route : new String[] {"/v1/events", "/track", "/v1/batch"}) {
            Response response = api.post(route, "application/json", utf16Number);
            assertThat(response.getStatus()).as(route).isIn(400, 422);
        }
        Response utf16Bom = api.post("/v1/events", "application/json", new byte[] {(byte) 0xFF, (byte) 0xFE, '{', 0, '}', 0});
        assertThat(utf16Bom.getStatus()).isEqualTo(400);
        assertThat(api.ingest.commands()).isEmpty();
    }

    @Test
    void an_ndjson_line_that_is_not_utf8_is_one_rejected_item() {
        byte[] body = new byte[UTF32_LOOKALIKE.length + 1 + 32];
        System.arraycopy(UTF32_LOOKALIKE, 0, body, 0, UTF32_LOOKALIKE.length);
        body[UTF32_LOOKALIKE.length] = '\n';
        byte[] good = "{\"event_type\":\"a\",\"user_id\":\"u\"}".getBytes(java.nio.charset.StandardCharsets.UTF_8);
        System.arraycopy(good, 0, body, UTF32_LOOKALIKE.length + 1, good.length);
        Response response = api.post("/v1/events", "application/x-ndjson", java.util.Arrays.copyOf(body, UTF32_LOOKALIKE.length + 1 + good.length));
        assertThat(response.getStatus()).isEqualTo(202);
        com.fasterxml.jackson.databind.JsonNode answer = json(response);
        assertThat(answer.get("accepted").asInt()).isEqualTo(1);
        assertThat(answer.get("rejected").asInt()).isEqualTo(1);
    }
}
