package io.sluice.adapters.http;

import static io.sluice.adapters.http.NativeApi.json;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.dropwizard.testing.junit5.DropwizardExtensionsSupport;
import io.dropwizard.testing.junit5.ResourceExtension;
import io.sluice.application.port.in.DeadLetterQuery;
import io.sluice.domain.deadletter.DeadLetter;
import io.sluice.domain.deadletter.DeadLetterReason;
import io.sluice.domain.event.EventSource;
import jakarta.ws.rs.client.Entity;
import jakarta.ws.rs.core.Response;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

@ExtendWith(DropwizardExtensionsSupport.class)
class DeadLettersResourceTest {

    private static final Instant T0 = Instant.parse("2026-03-10T08:00:00Z");
    private static final byte[] NOT_UTF8 = {(byte) 0xC3, (byte) 0x28, '{'};

    private final NativeApi api = new NativeApi();
    private final ResourceExtension resources = api.resources;

    @BeforeEach
    void storeDeadLetters() {
        api.deadLetters.store(1, letter(DeadLetterReason.INVALID, "{\"event_type\":\"a\"}", "native", 0));
        api.deadLetters.store(2, new DeadLetter(DeadLetterReason.MALFORMED, "item 0 is a number, not a JSON object", NOT_UTF8,
                "POST /v1/events", EventSource.NATIVE, null, T0.plusSeconds(60), 1));
        api.deadLetters.store(3, letter(DeadLetterReason.INVALID, "{\"user_id\":\"u\"}", "kafka", 120));
        api.deadLetters.store(4, letter(DeadLetterReason.RETRIES_EXHAUSTED, "{\"event_id\":\"x\"}", "native", 180));
        api.deadLetters.markReplayed(4, "x");
    }

    @Test
    void renders_a_dead_letter_with_its_payload_as_text() {
        Response response = api.get("/v1/dead-letters/1");

        assertThat(response.getStatus()).isEqualTo(200);
        JsonNode json = json(response);
        assertThat(json.get("id").asLong()).isEqualTo(1);
        assertThat(json.get("reason").asText()).isEqualTo("invalid");
        assertThat(json.get("detail").asText()).isEqualTo("user_id: is required");
        assertThat(json.get("origin").asText()).isEqualTo("POST /v1/events");
        assertThat(json.get("source").asText()).isEqualTo("native");
        assertThat(json.get("event_id").asText()).isEqualTo("ev-1");
        assertThat(json.get("failed_at").asText()).isEqualTo("2026-03-10T08:00:00Z");
        assertThat(json.get("attempts").asInt()).isEqualTo(1);
        assertThat(json.get("replayed_at").isNull()).isTrue();
        assertThat(json.get("replayed_event_id").isNull()).isTrue();
        assertThat(json.get("payload").asText()).isEqualTo("{\"event_type\":\"a\"}");
        assertThat(json.has("payload_base64")).isFalse();

        JsonNode replayed = json(api.get("/v1/dead-letters/4"));
        assertThat(replayed.get("replayed_at").asText()).isEqualTo(NativeApi.NOW.toString());
        assertThat(replayed.get("replayed_event_id").asText()).isEqualTo("x");
    }

    @Test
    void renders_a_payload_that_is_not_utf8_as_base64() {
        JsonNode json = json(api.get("/v1/dead-letters/2"));

        assertThat(json.has("payload")).isFalse();
        assertThat(Base64.getDecoder().decode(json.get("payload_base64").asText())).isEqualTo(NOT_UTF8);
        assertThat(json.get("event_id").isNull()).isTrue();
    }

    @Test
    void answers_404_or_400_for_ids_that_do_not_exist_or_do_not_parse() {
        assertThat(api.get("/v1/dead-letters/99").getStatus()).isEqualTo(404);
        assertThat(json(api.get("/v1/dead-letters/99")).get("error").asText()).isEqualTo("not_found");
        Response notANumber = api.get("/v1/dead-letters/abc");
        assertThat(notANumber.getStatus()).isEqualTo(400);
        assertThat(json(notANumber).get("parameter").asText()).isEqualTo("id");
    }

    @Test
    void pages_through_dead_letters_newest_first() {
        List<Long> seen = new ArrayList<>();
        String cursor = null;
        int pages = 0;
        do {
            JsonNode page = json(api.get("/v1/dead-letters?limit=3" + (cursor == null ? "" : "&cursor=" + cursor)));
            page.get("dead_letters").forEach(d -> seen.add(d.get("id").asLong()));
            cursor = page.get("next_cursor").isNull() ? null : page.get("next_cursor").asText();
            pages++;
        } while (cursor != null && pages < 10);

        assertThat(seen).containsExactly(4L, 3L, 2L, 1L);
        assertThat(pages).isEqualTo(2);
        assertThat(api.deadLetters.queries()).extracting(DeadLetterQuery::beforeId).containsExactly(null, 2L);
    }

    @Test
    void passes_the_filters_to_the_use_case() {
        JsonNode page = json(api.get("/v1/dead-letters?reason=invalid&source=kafka&from=2026-03-10T08:01:00Z"
                + "&to=2026-03-10T09:00:00Z&replayed=false&limit=10"));

        assertThat(page.get("dead_letters")).extracting(d -> d.get("id").asLong()).containsExactly(3L);
        DeadLetterQuery query = api.deadLetters.queries().get(0);
        assertThat(query.reason()).isEqualTo(DeadLetterReason.INVALID);
        assertThat(query.source()).isEqualTo("kafka");
        assertThat(query.from()).isEqualTo(T0.plusSeconds(60));
        assertThat(query.to()).isEqualTo(Instant.parse("2026-03-10T09:00:00Z"));
        assertThat(query.replayed()).isFalse();
        assertThat(query.limit()).isEqualTo(10);
    }

    @Test
    void refuses_bad_parameters() {
        assertInvalid("/v1/dead-letters?reason=broken", "reason");
        assertInvalid("/v1/dead-letters?replayed=maybe", "replayed");
        assertInvalid("/v1/dead-letters?limit=-1", "limit");
        assertInvalid("/v1/dead-letters?cursor=" + Cursor.EVENTS.encode(3), "cursor");
        assertInvalid("/v1/dead-letters?source=" + "s".repeat(101), "source");
        assertInvalid("/v1/dead-letters?from=then", "from");
        assertThat(api.deadLetters.queries()).isEmpty();
    }

    @Test
    void replays_one_pending_dead_letter_and_only_that_one() {
        Response response = post("/v1/dead-letters/3/replay");

        assertThat(response.getStatus()).isEqualTo(200);
        JsonNode json = json(response);
        assertThat(json.get("replayed")).hasSize(1);
        assertThat(json.get("replayed").get(0).get("dead_letter_id").asLong()).isEqualTo(3);
        assertThat(json.get("replayed").get(0).get("id").asText()).isEqualTo("dl-3");
        assertThat(json.get("still_invalid")).isEmpty();
        assertThat(api.deadLetters.replayedOnes()).containsExactly(3L);
        assertThat(api.deadLetters.replays()).isEmpty();
        assertThat(json(api.get("/v1/dead-letters/1")).get("replayed_at").isNull()).isTrue();
    }

    @Test
    void reports_a_dead_letter_that_is_still_invalid() {
        JsonNode json = json(post("/v1/dead-letters/2/replay"));

        assertThat(json.get("replayed")).isEmpty();
        assertThat(json.get("still_invalid").get(0).get("dead_letter_id").asLong()).isEqualTo(2);
        assertThat(json.get("still_invalid").get(0).get("reason").asText()).isEqualTo("still malformed");
    }

    @Test
    void refuses_to_replay_a_replayed_or_unknown_dead_letter() {
        Response replayed = post("/v1/dead-letters/4/replay");
        assertThat(replayed.getStatus()).isEqualTo(409);
        JsonNode json = json(replayed);
        assertThat(json.get("error").asText()).isEqualTo("already_replayed");
        assertThat(json.get("replayed_event_id").asText()).isEqualTo("x");

        assertThat(post("/v1/dead-letters/99/replay").getStatus()).isEqualTo(404);
        assertThat(api.deadLetters.replays()).isEmpty();
        assertThat(api.deadLetters.replayedOnes()).isEmpty();
    }

    @Test
    void says_so_when_another_client_replayed_the_letter_first() {
        api.deadLetters.beforeReplay(() -> api.deadLetters.markReplayed(3, "dl-3"));

        Response response = post("/v1/dead-letters/3/replay");

        assertThat(response.getStatus()).isEqualTo(409);
        JsonNode json = json(response);
        assertThat(json.get("error").asText()).isEqualTo("already_replayed");
        assertThat(json.get("dead_letter_id").asLong()).isEqualTo(3);
        assertThat(json.get("replayed_event_id").asText()).isEqualTo("dl-3");
        // Nothing else was replayed in its place (the old replay-by-filter would have taken the next older one).
        assertThat(json(api.get("/v1/dead-letters/1")).get("replayed_at").isNull()).isTrue();
        assertThat(api.deadLetters.replays()).isEmpty();
    }

    @Test
    void replays_every_pending_dead_letter_matching_a_filter() {
        JsonNode json = json(post("/v1/dead-letters/replay?reason=invalid&limit=50"));

        assertThat(json.get("replayed")).extracting(r -> r.get("dead_letter_id").asLong()).containsExactly(3L, 1L);
        DeadLetterQuery query = api.deadLetters.replays().get(0);
        assertThat(query.reason()).isEqualTo(DeadLetterReason.INVALID);
        assertThat(query.limit()).isEqualTo(50);
        assertThat(query.beforeId()).isNull();

        Response bad = post("/v1/dead-letters/replay?limit=5000");
        assertThat(bad.getStatus()).isEqualTo(400);
        assertThat(json(bad).get("parameter").asText()).isEqualTo("limit");
    }

    private Response post(String path) {
        return api.target(path).request().header("Authorization", "Bearer " + Keys.ADMIN_KEY).post(Entity.json(""));
    }

    private void assertInvalid(String path, String parameter) {
        Response response = api.get(path);

        assertThat(response.getStatus()).as(path).isEqualTo(400);
        JsonNode json = json(response);
        assertThat(json.get("error").asText()).isEqualTo("invalid_parameter");
        assertThat(json.get("parameter").asText()).as(path).isEqualTo(parameter);
    }

    private static DeadLetter letter(DeadLetterReason reason, String payload, String source, long secondsAfterT0) {
        return new DeadLetter(reason, "user_id: is required", payload.getBytes(StandardCharsets.UTF_8), "POST /v1/events",
                new EventSource(source), secondsAfterT0 == 0 ? "ev-1" : null, T0.plusSeconds(secondsAfterT0), 1);
    }
}
