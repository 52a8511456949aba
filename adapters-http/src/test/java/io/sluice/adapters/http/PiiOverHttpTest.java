package io.sluice.adapters.http;

import static org.assertj.core.api.Assertions.assertThat;

import io.dropwizard.testing.junit5.DropwizardClientExtension;
import io.dropwizard.testing.junit5.DropwizardExtensionsSupport;
import io.sluice.application.port.in.Incoming;
import io.sluice.application.port.in.IngestEventsCommand;
import io.sluice.domain.event.EventDraft;
import io.sluice.domain.privacy.PiiAction;
import io.sluice.domain.privacy.PiiPolicy;
import io.sluice.domain.privacy.PiiRule;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * Personal-data rules hold whatever content type a body declares: the seed and Segment routes read
 * a body as JSON under any type (or none), so the filter must protect it under any type too. Over
 * real HTTP, because the in-memory harness always sends a content type.
 */
@ExtendWith(DropwizardExtensionsSupport.class)
class PiiOverHttpTest {

    private static final PiiPolicy PII = PiiPolicy.of(List.of(
            PiiRule.of("properties.email", PiiAction.HASH),
            PiiRule.of("context.ip", PiiAction.REDACT)), "an-http-test-key-of-enough-bytes".getBytes(StandardCharsets.UTF_8));
    private static final RecordingIngest INGEST = new RecordingIngest(Clock.systemUTC());
    private static final DropwizardClientExtension SERVER = new DropwizardClientExtension(HttpRoutes.components(
            HttpRouteParts.of(new HttpUseCases(INGEST, new InMemoryEvents(), new RecordingReads(), new RecordingReads(),
                    new InMemoryDeadLetters(Instant.EPOCH), new InMemoryDeadLetters(Instant.EPOCH),
                    new RecordingReads(), new RecordingMetricIngest(Clock.systemUTC())),
            HttpSettings.defaults(), Keys.anonymousWrites(), Clock.systemUTC()).withPii(PII)).toArray());
    private static final HttpClient CLIENT = HttpClient.newHttpClient();

    @Test
    void bodies_sent_as_text_as_octets_or_without_a_type_are_protected_like_json() throws Exception {
        String[][] routes = {
                {"/track", "{\"user_id\":\"u\",\"event_type\":\"t\",\"properties\":{\"email\":\"ada@example.com\"}}"},
                {"/v1/track", "{\"userId\":\"u\",\"event\":\"t\",\"properties\":{\"email\":\"ada@example.com\"},"
                        + "\"context\":{\"ip\":\"203.0.113.9\"}}"},
                {"/v1/identify", "{\"userId\":\"u\",\"traits\":{\"plan\":\"pro\"},\"context\":{\"ip\":\"203.0.113.9\"}}"}};
        List<String> answered = new ArrayList<>();
        for (String[] route : routes) {
            for (String type : Arrays.asList("text/plain", "application/octet-stream", null)) {
                HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(SERVER.baseUri() + route[0]))
                        .POST(HttpRequest.BodyPublishers.ofString(route[1]));
                if (type != null) {
                    request.header("Content-Type", type);
                }
                HttpResponse<String> response = CLIENT.send(request.build(), HttpResponse.BodyHandlers.ofString());
                answered.add(route[0] + " " + type + " " + response.statusCode());
            }
        }
        assertThat(answered).allSatisfy(line -> assertThat(line).matches(".* 20[02]"));

        List<IngestEventsCommand> commands = INGEST.commands();
        assertThat(commands).hasSize(9);
        for (IngestEventsCommand command : commands) {
            for (Incoming<EventDraft> item : command.items()) {
                assertThat(new String(item.raw(), StandardCharsets.UTF_8)).as(command.origin())
                        .doesNotContain("ada@example.com").doesNotContain("203.0.113.9");
                assertThat(((Incoming.Parsed<EventDraft>) item).draft().properties().toString())
                        .doesNotContain("ada@example.com").doesNotContain("203.0.113.9");
            }
        }
    }
}
