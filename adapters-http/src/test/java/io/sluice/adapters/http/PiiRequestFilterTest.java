package io.sluice.adapters.http;

import static org.assertj.core.api.Assertions.assertThat;

import io.dropwizard.testing.junit5.DropwizardExtensionsSupport;
import io.dropwizard.testing.junit5.ResourceExtension;
import io.sluice.application.port.in.Incoming;
import io.sluice.application.port.in.IngestEventsCommand;
import io.sluice.domain.event.EventDraft;
import io.sluice.domain.privacy.PiiAction;
import io.sluice.domain.privacy.PiiPolicy;
import io.sluice.domain.privacy.PiiRule;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/** Personal data is hashed or redacted before any route — and so any buffer, row or dead letter — sees it. */
@ExtendWith(DropwizardExtensionsSupport.class)
class PiiRequestFilterTest {

    private static final PiiPolicy PII = PiiPolicy.of(List.of(
            PiiRule.of("properties.email", PiiAction.HASH),
            PiiRule.of("context.ip", PiiAction.REDACT)), "an-http-test-key-of-enough-bytes".getBytes(StandardCharsets.UTF_8));

    private final NativeApi api = new NativeApi(HttpSettings.defaults(), Keys.anonymousWrites(), PII);
    @SuppressWarnings("unused")
    private final ResourceExtension resources = api.resources;

    @Test
    void native_array_items_valid_and_rejected_alike_carry_no_personal_data() {
        String body = "[{\"event_type\":\"signup\",\"user_id\":\"u1\",\"properties\":{\"email\":\"ada@example.com\",\"plan\":\"pro\"}},"
                + "{\"event_type\":\"signup\",\"properties\":{\"email\":\"bob@example.com\"}}]";

        assertThat(api.post("/v1/events", "application/json", body).getStatus()).isEqualTo(202);

        IngestEventsCommand command = api.ingest.commands().get(0);
        for (Incoming<EventDraft> item : command.items()) {
            assertThat(new String(item.raw(), StandardCharsets.UTF_8)).doesNotContain("@example.com");
            Map<?, ?> properties = (Map<?, ?>) ((Incoming.Parsed<EventDraft>) item).draft().properties();
            assertThat((String) properties.get("email")).startsWith(PiiPolicy.HASH_PREFIX);
        }
        assertThat(((Map<?, ?>) ((Incoming.Parsed<EventDraft>) command.items().get(0)).draft().properties()).get("plan"))
                .isEqualTo("pro");
    }

    @Test
    void ndjson_lines_are_protected_one_by_one_and_a_broken_line_stays_a_broken_line() {
        String body = "{\"event_type\":\"a\",\"user_id\":\"u1\",\"properties\":{\"email\":\"ada@example.com\"}}\n"
                + "not json\n{\"event_type\":\"b\",\"user_id\":\"u2\"}\n";

        assertThat(api.post("/v1/events", "application/x-ndjson", body).getStatus()).isEqualTo(202);

        List<Incoming<EventDraft>> items = api.ingest.commands().get(0).items();
        assertThat(items).hasSize(3);
        assertThat(new String(items.get(0).raw(), StandardCharsets.UTF_8)).doesNotContain("ada@example.com");
        assertThat(items.get(1)).isInstanceOf(Incoming.Unparsed.class);
        assertThat(new String(items.get(2).raw(), StandardCharsets.UTF_8)).isEqualTo("{\"event_type\":\"b\",\"user_id\":\"u2\"}");
    }

    @Test
    void segment_batch_messages_are_protected() {
        String body = "{\"batch\":[{\"type\":\"track\",\"event\":\"Signed Up\",\"userId\":\"u1\",\"messageId\":\"m1\","
                + "\"context\":{\"ip\":\"203.0.113.9\"},\"properties\":{\"email\":\"ada@example.com\"}}]}";

        assertThat(api.post("/v1/batch", "application/json", body).getStatus()).isEqualTo(200);

        Incoming<EventDraft> item = api.ingest.commands().get(0).items().get(0);
        String everything = String.valueOf(((Incoming.Parsed<EventDraft>) item).draft()) + new String(item.raw(), StandardCharsets.UTF_8);
        assertThat(everything).doesNotContain("203.0.113.9").doesNotContain("ada@example.com").contains(PiiPolicy.REDACTED);
    }

    /**
     * A lone surrogate escape is legal JSON text that UTF-8 cannot carry as a character. Re-encoded
     * as raw bytes it made the whole body invalid UTF-8, and every item of the request was refused
     * with it (issue 13): it must stay an escape, so only its own item is rejected.
     */
    @Test
    void a_lone_surrogate_escape_is_rejected_alone_and_its_neighbours_are_protected_and_accepted() {
        String item = "{\"event_type\":\"a\",\"user_id\":\"u1\",\"properties\":{\"email\":\"ada@example.com\"}}";
        String lone = "{\"event_type\":\"a\",\"user_id\":\"u2\",\"properties\":{\"email\":\"bob@example.com\",\"s\":\"\\udc00x\",\"\\udc00key\":1}}";
        String reversed = "{\"event_type\":\"a\",\"user_id\":\"\\udc00\\ud800\"}";
        String pair = "{\"event_type\":\"\u65e5\\ud83d\\ude00\",\"user_id\":\"u3\"}";

        for (String[] form : new String[][] {{"application/json", "[" + item + "," + lone + "," + reversed + "," + pair + "]"},
                {"application/x-ndjson", item + "\n" + lone + "\n" + reversed + "\n" + pair + "\n"}}) {
            jakarta.ws.rs.core.Response response = api.post("/v1/events", form[0], form[1]);
            String answer = response.readEntity(String.class);
            assertThat(response.getStatus()).as("%s: %s", form[0], answer).isEqualTo(202);
            assertThat(answer).as(form[0]).contains("\"accepted\":2", "\"rejected\":2", "unpaired surrogate escape", "unpaired surrogates");

            List<Incoming<EventDraft>> items = api.ingest.commands().get(api.ingest.commands().size() - 1).items();
            assertThat(items).hasSize(4);
            assertThat(new String(items.get(1).raw(), StandardCharsets.UTF_8)).containsIgnoringCase("\\udc00x").doesNotContain("bob@example.com");
            assertThat(((Incoming.Parsed<EventDraft>) items.get(3)).draft().eventType()).isEqualTo("\u65e5\ud83d\ude00");
        }
    }
}
