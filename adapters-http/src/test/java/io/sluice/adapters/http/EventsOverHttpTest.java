package io.sluice.adapters.http;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.dropwizard.testing.junit5.DropwizardClientExtension;
import io.dropwizard.testing.junit5.DropwizardExtensionsSupport;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * The routes in a real Dropwizard server (Jetty, Dropwizard's own Jackson provider and exception
 * mappers) over real HTTP: what the in-memory harness cannot show, such as a chunked body without
 * {@code Content-Length}, a request without {@code Content-Type}, and our mappers winning over
 * Dropwizard's.
 */
@ExtendWith(DropwizardExtensionsSupport.class)
class EventsOverHttpTest {

    private static final RecordingIngest INGEST = new RecordingIngest(Clock.systemUTC());
    private static final DropwizardClientExtension SERVER = new DropwizardClientExtension(HttpRoutes.components(HttpRouteParts.of(
            new HttpUseCases(INGEST, new InMemoryEvents(), new RecordingReads(), new RecordingReads(),
                    new InMemoryDeadLetters(java.time.Instant.EPOCH), new InMemoryDeadLetters(java.time.Instant.EPOCH),
                    new RecordingReads(), new RecordingMetricIngest(Clock.systemUTC())),
            HttpSettings.defaults().withMaxBodyBytes(64 * 1024), Keys.anonymousWrites(),
            Clock.systemUTC())).toArray());
    private static final HttpClient CLIENT = HttpClient.newHttpClient();
    private static final ObjectMapper JSON = new ObjectMapper();

    @Test
    void ingests_a_chunked_body_without_content_length() throws Exception {
        byte[] body = "[{\"event_type\":\"a\",\"user_id\":\"u\"},{\"event_type\":\"b\",\"user_id\":\"u\"}]".getBytes(StandardCharsets.UTF_8);

        HttpResponse<String> response = send(post("application/json; charset=utf-8", chunked(body)));

        assertThat(response.statusCode()).isEqualTo(202);
        assertThat(response.headers().firstValue("Content-Type")).hasValueSatisfying(t -> assertThat(t).startsWith("application/json"));
        assertThat(json(response).get("accepted").asInt()).isEqualTo(2);
    }

    @Test
    void refuses_a_chunked_body_over_the_limit_and_keeps_serving() throws Exception {
        byte[] body = new byte[1024 * 1024];
        java.util.Arrays.fill(body, (byte) ' ');
        body[0] = '[';

        // Several times: a server that answers while the client still sends, then closes, loses the
        // answer to a connection reset now and then; the bounded swallow is what makes it arrive.
        for (int attempt = 0; attempt < 5; attempt++) {
            HttpResponse<String> tooLarge = send(post("application/json", chunked(body)));

            assertThat(tooLarge.statusCode()).isEqualTo(413);
            assertThat(json(tooLarge).get("error").asText()).isEqualTo("body_too_large");
        }
        HttpResponse<String> next = send(post("application/x-ndjson",
                HttpRequest.BodyPublishers.ofString("{\"event_type\":\"a\",\"user_id\":\"u\"}\n")));
        assertThat(next.statusCode()).isEqualTo(202);
    }

    @Test
    void refuses_a_declared_length_over_the_limit_and_keeps_serving() throws Exception {
        byte[] body = new byte[1024 * 1024];
        java.util.Arrays.fill(body, (byte) ' ');

        for (int attempt = 0; attempt < 5; attempt++) {
            HttpResponse<String> tooLarge = send(post("application/json", HttpRequest.BodyPublishers.ofByteArray(body)));

            assertThat(tooLarge.statusCode()).isEqualTo(413);
            assertThat(json(tooLarge).get("error").asText()).isEqualTo("body_too_large");
        }
        assertThat(send(post("application/json", HttpRequest.BodyPublishers.ofString("{\"event_type\":\"a\",\"user_id\":\"u\"}")))
                .statusCode()).isEqualTo(202);
    }

    @Test
    void refuses_a_request_without_content_type() throws Exception {
        HttpRequest request = request(uri("/v1/events"))
                .POST(HttpRequest.BodyPublishers.ofString("{\"event_type\":\"a\",\"user_id\":\"u\"}")).build();

        HttpResponse<String> response = send(request);

        assertThat(response.statusCode()).isEqualTo(415);
        assertThat(json(response).get("message").asText()).contains("Content-Type is missing");
    }

    @Test
    void answers_malformed_json_with_our_error_not_dropwizards() throws Exception {
        HttpResponse<String> response = send(post("application/json", HttpRequest.BodyPublishers.ofString("{\"event_type\": tru}")));

        assertThat(response.statusCode()).isEqualTo(400);
        JsonNode json = json(response);
        assertThat(json.get("error").asText()).isEqualTo("malformed_json");
        assertThat(json.get("column").asInt()).isEqualTo(16);
    }

    @Test
    void leaves_unknown_routes_as_404() throws Exception {
        HttpResponse<String> response = send(request(uri("/v1/unknown")).GET().build());

        assertThat(response.statusCode()).isEqualTo(404);
    }

    private static HttpRequest post(String contentType, HttpRequest.BodyPublisher body) {
        return request(uri("/v1/events")).header("Content-Type", contentType).POST(body).build();
    }

    /** A publisher of unknown length: the client sends it chunked, without Content-Length. */
    private static HttpRequest.BodyPublisher chunked(byte[] body) {
        return HttpRequest.BodyPublishers.ofInputStream(() -> new ByteArrayInputStream(body));
    }

    /** Every request has a timeout, so a server that never answers fails the test instead of stalling the build. */
    private static HttpRequest.Builder request(URI uri) {
        return HttpRequest.newBuilder(uri).timeout(Duration.ofSeconds(30));
    }

    private static URI uri(String path) {
        return URI.create(SERVER.baseUri() + path);
    }

    private static HttpResponse<String> send(HttpRequest request) throws IOException, InterruptedException {
        return CLIENT.send(request, HttpResponse.BodyHandlers.ofString());
    }

    private static JsonNode json(HttpResponse<String> response) throws IOException {
        return JSON.readTree(response.body());
    }
}
