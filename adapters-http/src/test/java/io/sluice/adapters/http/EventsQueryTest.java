package io.sluice.adapters.http;

import static io.sluice.adapters.http.NativeApi.json;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.dropwizard.testing.junit5.DropwizardExtensionsSupport;
import io.dropwizard.testing.junit5.ResourceExtension;
import io.sluice.application.port.in.EventQuery;
import io.sluice.application.port.in.StoredEvent;
import io.sluice.domain.event.Event;
import io.sluice.domain.event.EventId;
import io.sluice.domain.event.EventProperties;
import io.sluice.domain.event.EventSource;
import io.sluice.domain.event.EventType;
import io.sluice.domain.event.SessionId;
import io.sluice.domain.event.UserId;
import jakarta.ws.rs.core.Response;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

@ExtendWith(DropwizardExtensionsSupport.class)
class EventsQueryTest {

    private static final Instant T0 = Instant.parse("2026-03-10T10:00:00Z");

    private final NativeApi api = new NativeApi();
    private final ResourceExtension resources = api.resources;

    @BeforeEach
    void storeFiveEvents() {
        for (int i = 1; i <= 5; i++) {
            Instant at = T0.plusSeconds(60L * i);
            api.events.store(new StoredEvent(100 + i, new Event(new EventId("e" + i), new EventType(i % 2 == 0 ? "click" : "page_view"),
                    new UserId("u" + (i % 2)), i == 1 ? new SessionId("s1") : null, at, at.plusMillis(5), i == 1 ? 2.5 : null,
                    i == 1 ? EventProperties.of(Map.of("path", "/home", "n", 3)) : EventProperties.EMPTY, EventSource.NATIVE),
                    at.plusSeconds(1)));
        }
    }

    @Test
    void renders_an_event_in_snake_case_with_iso_instants() {
        Response response = api.get("/v1/events/e1");

        assertThat(response.getStatus()).isEqualTo(200);
        JsonNode event = json(response);
        assertThat(event.get("event_id").asText()).isEqualTo("e1");
        assertThat(event.get("event_type").asText()).isEqualTo("page_view");
        assertThat(event.get("user_id").asText()).isEqualTo("u1");
        assertThat(event.get("session_id").asText()).isEqualTo("s1");
        assertThat(event.get("timestamp").asText()).isEqualTo("2026-03-10T10:01:00Z");
        assertThat(event.get("received_at").asText()).isEqualTo("2026-03-10T10:01:00.005Z");
        assertThat(event.get("processed_at").asText()).isEqualTo("2026-03-10T10:01:01Z");
        assertThat(event.get("duration_seconds").asDouble()).isEqualTo(2.5);
        assertThat(event.get("properties").get("path").asText()).isEqualTo("/home");
        assertThat(event.get("properties").get("n").asInt()).isEqualTo(3);
        assertThat(event.get("source").asText()).isEqualTo("native");

        JsonNode bare = json(api.get("/v1/events/e2"));
        assertThat(bare.get("session_id").isNull()).isTrue();
        assertThat(bare.get("duration_seconds").isNull()).isTrue();
        assertThat(bare.get("properties").isEmpty()).isTrue();
    }

    @Test
    void answers_404_for_an_unknown_event() {
        Response response = api.get("/v1/events/nope");

        assertThat(response.getStatus()).isEqualTo(404);
        JsonNode json = json(response);
        assertThat(json.get("error").asText()).isEqualTo("not_found");
        assertThat(json.get("message").asText()).contains("nope");
    }

    @Test
    void pages_through_all_events_newest_first_with_the_cursor() {
        List<String> seen = new ArrayList<>();
        String cursor = null;
        int pages = 0;
        do {
            String path = "/v1/events?limit=2" + (cursor == null ? "" : "&cursor=" + cursor);
            JsonNode page = json(api.get(path));
            page.get("events").forEach(e -> seen.add(e.get("event_id").asText()));
            cursor = page.get("next_cursor").isNull() ? null : page.get("next_cursor").asText();
            pages++;
        } while (cursor != null && pages < 10);

        assertThat(seen).containsExactly("e5", "e4", "e3", "e2", "e1");
        assertThat(pages).isEqualTo(3);
        assertThat(api.events.queries()).extracting(EventQuery::beforeSequence).containsExactly(null, 104L, 102L);
    }

    @Test
    void passes_the_filters_to_the_use_case() {
        JsonNode page = json(api.get("/v1/events?type=click&user_id=u0&from=2026-03-10T10:02:00Z&to=2026-03-10T12:00:00%2B01:00&limit=50"));

        assertThat(page.get("events")).extracting(e -> e.get("event_id").asText()).containsExactly("e4", "e2");
        assertThat(page.get("next_cursor").isNull()).isTrue();
        EventQuery query = api.events.queries().get(0);
        assertThat(query.type()).isEqualTo(new EventType("click"));
        assertThat(query.user()).isEqualTo(new UserId("u0"));
        assertThat(query.from()).isEqualTo(Instant.parse("2026-03-10T10:02:00Z"));
        assertThat(query.to()).isEqualTo(Instant.parse("2026-03-10T11:00:00Z"));
        assertThat(query.limit()).isEqualTo(50);
    }

    @Test
    void uses_a_default_limit_of_100() {
        api.get("/v1/events");

        assertThat(api.events.queries().get(0).limit()).isEqualTo(100);
        assertThat(api.events.queries().get(0).beforeSequence()).isNull();
    }

    @Test
    void refuses_parameters_that_do_not_parse_naming_them() {
        assertInvalid("/v1/events?from=yesterday", "from");
        assertInvalid("/v1/events?to=2026-13-01T00:00:00Z", "to");
        assertInvalid("/v1/events?limit=0", "limit");
        assertInvalid("/v1/events?limit=1001", "limit");
        assertInvalid("/v1/events?limit=ten", "limit");
        assertInvalid("/v1/events?cursor=not-a-cursor", "cursor");
        assertInvalid("/v1/events?cursor=" + Cursor.DEAD_LETTERS.encode(5), "cursor");
        assertInvalid("/v1/events?type=" + "x".repeat(101), "type");
        assertInvalid("/v1/events?from=2026-03-10T10:00:00Z&to=2026-03-10T10:00:00Z", "from");
        assertInvalid("/v1/events/" + "x".repeat(101), "id");
        assertThat(api.events.queries()).isEmpty();
    }

    @Test
    void answers_503_with_retry_after_when_the_store_is_down() {
        api.events.goDown();

        for (String path : List.of("/v1/events", "/v1/events/e1")) {
            Response response = api.get(path);

            assertThat(response.getStatus()).isEqualTo(503);
            assertThat(response.getHeaderString("Retry-After")).isEqualTo("5");
            assertThat(json(response).get("error").asText()).isEqualTo("store_unavailable");
        }
    }

    @Test
    void leaves_unknown_routes_to_the_container() {
        assertThat(api.get("/v1/nothing-here").getStatus()).isEqualTo(404);
        assertThat(api.get("/v1/events/e1/more").getStatus()).isEqualTo(404);
    }

    private void assertInvalid(String path, String parameter) {
        Response response = api.get(path);

        assertThat(response.getStatus()).as(path).isEqualTo(400);
        JsonNode json = json(response);
        assertThat(json.get("error").asText()).isEqualTo("invalid_parameter");
        assertThat(json.get("parameter").asText()).as(path).isEqualTo(parameter);
        assertThat(json.get("message").asText()).contains("'" + parameter + "'");
    }
}
