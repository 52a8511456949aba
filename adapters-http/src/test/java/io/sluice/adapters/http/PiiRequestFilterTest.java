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
     * Surrogate escapes in field names are legal JSON text that Jackson's UTF-8 parser cannot read:
     * the whole request was refused, and with it every neighbour (issue 13). An unpaired one is now
     * refused for its item alone, a pair (an emoji key) is accepted, and every item is protected.
     */
    @Test
    void surrogate_escapes_in_field_names_reject_only_an_unpaired_one_and_every_item_is_protected() {
        String item = "{\"event_type\":\"a\",\"user_id\":\"u1\",\"properties\":{\"email\":\"ada@example.com\"}}";
        String lone = "{\"event_type\":\"a\",\"user_id\":\"u2\",\"properties\":{\"email\":\"bob@example.com\",\"s\":\"\\udc00x\",\"\\udc00key\":1}}";
        String reversed = "{\"event_type\":\"a\",\"user_id\":\"\\udc00\\ud800\"}";
        String emojiKey = "{\"event_type\":\"\u65e5\\ud83d\\ude00\",\"user_id\":\"u3\",\"properties\":{\"\\ud83d\\ude00\":\"smile\","
                + "\"email\":\"cy@example.com\"}}";

        for (String[] form : new String[][] {{"application/json", "[" + item + "," + lone + "," + reversed + "," + emojiKey + "]"},
                {"application/x-ndjson", item + "\n" + lone + "\n" + reversed + "\n" + emojiKey + "\n"}}) {
            jakarta.ws.rs.core.Response response = api.post("/v1/events", form[0], form[1]);
            String answer = response.readEntity(String.class);
            assertThat(response.getStatus()).as("%s: %s", form[0], answer).isEqualTo(202);
            assertThat(answer).as(form[0]).contains("\"accepted\":2", "\"rejected\":2", "unpaired surrogates");

            List<Incoming<EventDraft>> items = api.ingest.commands().get(api.ingest.commands().size() - 1).items();
            assertThat(items).hasSize(4);
            for (Incoming<EventDraft> each : items) {
                assertThat(new String(each.raw(), StandardCharsets.UTF_8)).doesNotContain("@example.com");
            }
            assertThat(new String(items.get(1).raw(), StandardCharsets.UTF_8)).containsIgnoringCase("\\udc00x");
            EventDraft emoji = ((Incoming.Parsed<EventDraft>) items.get(3)).draft();
            assertThat(emoji.eventType()).isEqualTo("\u65e5\ud83d\ude00");
            assertThat(((Map<?, ?>) emoji.properties()).get("\ud83d\ude00")).isEqualTo("smile");
        }
    }
}
