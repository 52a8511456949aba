package io.sluice.bootstrap.console;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.dropwizard.testing.ConfigOverride;
import io.dropwizard.testing.junit5.DropwizardAppExtension;
import io.dropwizard.testing.junit5.DropwizardExtensionsSupport;
import io.sluice.adapters.postgres.PostgresFixture;
import io.sluice.bootstrap.SluiceConfiguration;
import io.sluice.bootstrap.testkit.InJvmServer;
import io.sluice.bootstrap.testkit.TestDirectories;
import java.io.BufferedReader;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * {@code GET /v1/live} through the real stack (HTTP → Chronicle → consumer → PostgreSQL): an
 * event shows up within a second of its 202 and again once stored, a refusal with its reason,
 * through Jetty's compression too; the viewer limit answers a clear 503; read keys only.
 */
@ExtendWith(DropwizardExtensionsSupport.class)
@Timeout(value = 120, threadMode = Timeout.ThreadMode.SEPARATE_THREAD)
class LiveStreamTest {

    private static final String READ_KEY = "sluice-local-read-key";
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final PostgresFixture.TestDatabase DB = PostgresFixture.newDatabase();
    private static final Path DATA = TestDirectories.create("sluice-live");

    static final DropwizardAppExtension<SluiceConfiguration> APP = InJvmServer.extension(DB, DATA,
            ConfigOverride.config("live.maxViewers", "2"));

    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

    @Test
    void an_event_appears_as_accepted_within_a_second_and_again_as_stored_and_a_refusal_with_its_reason() throws Exception {
        // Browsers ask for gzip: the stream must not wait in a compression buffer.
        try (Viewer viewer = open("", "gzip")) {
            assertThat(viewer.response.statusCode()).isEqualTo(200);
            assertThat(viewer.response.headers().firstValue("Content-Type")).hasValueSatisfying(
                    type -> assertThat(type).startsWith("text/event-stream"));
            assertThat(viewer.response.headers().firstValue("Content-Encoding")).isEmpty();
            String id = "live-" + UUID.randomUUID();

            long posted = System.nanoTime();
            assertThat(post("[{\"event_id\":\"" + id + "\",\"event_type\":\"live_check\",\"user_id\":\"u1\"},"
                    + "{\"event_type\":\"live_check\"}]").statusCode()).isEqualTo(202);

            JsonNode accepted = viewer.await("accepted", frame -> frame.path("event_id").asText().equals(id), Duration.ofSeconds(1));
            assertThat(Duration.ofNanos(System.nanoTime() - posted)).isLessThan(Duration.ofSeconds(1));
            assertThat(accepted.path("event_type").asText()).isEqualTo("live_check");
            JsonNode refused = viewer.await("rejected", frame -> frame.path("payload_preview").asText().contains("live_check"),
                    Duration.ofSeconds(1));
            assertThat(refused.path("reason").asText()).isEqualTo("invalid");
            assertThat(refused.path("detail").asText()).contains("user_id");

            JsonNode stored = viewer.await("stored", frame -> frame.path("event_id").asText().equals(id), Duration.ofSeconds(10));
            assertThat(stored.path("stored_at").asText()).isNotEmpty();
            viewer.await("dead_lettered", frame -> frame.path("payload_preview").asText().contains("live_check"),
                    Duration.ofSeconds(10));
        }
    }

    @Test
    void filters_leave_out_what_the_viewer_did_not_ask_for() throws Exception {
        try (Viewer viewer = open("?type=wanted&status=stored", null)) {
            // An earlier test's closed stream keeps its slot until a write to it fails: say so, rather than "no frame".
            assertThat(viewer.response.statusCode()).as("the filtered stream opened").isEqualTo(200);
            post("[{\"event_type\":\"unwanted\",\"user_id\":\"u\"},{\"event_type\":\"wanted\",\"user_id\":\"u\"}]");
            JsonNode first = viewer.await(null, frame -> true, Duration.ofSeconds(10));
            assertThat(first.path("status").asText()).isEqualTo("stored");
            assertThat(first.path("event_type").asText()).isEqualTo("wanted");
        }
        HttpResponse<String> bad = http.send(HttpRequest.newBuilder(uri("/v1/live?status=lost"))
                .header("Authorization", "Bearer " + READ_KEY).build(), HttpResponse.BodyHandlers.ofString());
        assertThat(bad.statusCode()).isEqualTo(400);
        assertThat(bad.body()).contains("invalid_parameter", "status");
    }

    @Test
    void viewers_over_the_limit_get_a_clear_503_and_the_stream_needs_a_read_key() throws Exception {
        HttpResponse<String> anonymous = http.send(HttpRequest.newBuilder(uri("/v1/live")).build(), HttpResponse.BodyHandlers.ofString());
        assertThat(anonymous.statusCode()).isEqualTo(401);

        List<Viewer> viewers = new ArrayList<>();
        try {
            viewers.add(open("", null));
            viewers.add(open("", null));
            HttpResponse<String> third = http.send(HttpRequest.newBuilder(uri("/v1/live"))
                    .header("Authorization", "Bearer " + READ_KEY).build(), HttpResponse.BodyHandlers.ofString());
            assertThat(third.statusCode()).isEqualTo(503);
            assertThat(third.headers().firstValue("Retry-After")).isPresent();
            assertThat(JSON.readTree(third.body()).path("error").asText()).isEqualTo("too_many_viewers");
        } finally {
            for (Viewer viewer : viewers) {
                viewer.close();
            }
        }
        // A closed stream frees its slot (the server notices at its next write: the heartbeat at the latest).
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(15);
        int status;
        do {
            post("[{\"event_type\":\"nudge\",\"user_id\":\"u\"}]");
            Thread.sleep(200);
            try (Viewer again = open("", null)) {
                status = again.response.statusCode();
            }
        } while (status != 200 && System.nanoTime() < deadline);
        assertThat(status).isEqualTo(200);
    }

    private Viewer open(String query, String acceptEncoding) throws Exception {
        HttpRequest.Builder request = HttpRequest.newBuilder(uri("/v1/live" + query)).header("Authorization", "Bearer " + READ_KEY);
        if (acceptEncoding != null) {
            request.header("Accept-Encoding", acceptEncoding);
        }
        return new Viewer(http.send(request.build(), HttpResponse.BodyHandlers.ofInputStream()));
    }

    private HttpResponse<String> post(String body) throws Exception {
        return http.send(HttpRequest.newBuilder(uri("/v1/events")).header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(body)).build(), HttpResponse.BodyHandlers.ofString());
    }

    private static URI uri(String path) {
        return URI.create("http://localhost:" + APP.getLocalPort() + path);
    }

    /** Reads frames on its own thread, so a test can wait for one with a deadline. */
    private static final class Viewer implements AutoCloseable {
        final HttpResponse<InputStream> response;
        private final BlockingQueue<JsonNode> frames = new LinkedBlockingQueue<>();
        private final Thread reader;

        Viewer(HttpResponse<InputStream> response) {
            this.response = response;
            this.reader = new Thread(this::read, "live-viewer");
            reader.setDaemon(true);
            if (response.statusCode() == 200) {
                reader.start();
            }
        }

        private void read() {
            try (BufferedReader lines = new BufferedReader(new InputStreamReader(response.body(), StandardCharsets.UTF_8))) {
                String event = null;
                for (String line = lines.readLine(); line != null; line = lines.readLine()) {
                    if (line.startsWith("event: ")) {
                        event = line.substring(7);
                    } else if (line.startsWith("data: ")) {
                        JsonNode data = JSON.readTree(line.substring(6));
                        assertThat(data.path("status").asText()).isEqualTo(event);
                        frames.add(data);
                    }
                }
            } catch (Exception closed) {
                // The test closed the stream.
            }
        }

        JsonNode await(String status, java.util.function.Predicate<JsonNode> wanted, Duration within) throws InterruptedException {
            long deadline = System.nanoTime() + within.toNanos();
            List<String> seen = new ArrayList<>();
            while (System.nanoTime() < deadline) {
                JsonNode frame = frames.poll(deadline - System.nanoTime(), TimeUnit.NANOSECONDS);
                if (frame == null) {
                    break;
                }
                if ((status == null || status.equals(frame.path("status").asText())) && wanted.test(frame)) {
                    return frame;
                }
                seen.add(frame.toString());
            }
            throw new AssertionError("no '" + status + "' frame within " + within + "; saw " + seen);
        }

        @Override
        public void close() throws Exception {
            response.body().close();
            reader.interrupt();
        }
    }
}
