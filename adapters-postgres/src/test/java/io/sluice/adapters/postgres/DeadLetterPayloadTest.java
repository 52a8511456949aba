package io.sluice.adapters.postgres;

import static org.assertj.core.api.Assertions.assertThat;

import io.sluice.domain.deadletter.DeadLetter;
import io.sluice.domain.deadletter.DeadLetterReason;
import io.sluice.domain.event.EventSource;
import io.sluice.application.port.out.RecordDraft;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * A dead letter can be replayed whatever legal JSON its payload holds. Jackson's UTF-8 parser
 * refuses a surrogate-pair escape inside a field name ({@code "\ud83d\ude80 rocket"}), which is how
 * clients and Jackson's own default writer spell an emoji: such a payload was "not JSON" to replay.
 */
class DeadLetterPayloadTest {

    private static final String ROCKET = "\uD83D\uDE80 rocket";
    private static final Instant AT = Instant.parse("2026-03-01T10:15:30Z");

    @Test
    void a_client_payload_with_an_escaped_emoji_in_a_property_name_is_read_back_as_its_event() {
        byte[] payload = "{\"event_id\":\"e1\",\"event_type\":\"purchase\",\"user_id\":\"u1\",\"properties\":{\"\\ud83d\\ude80 rocket\":1}}"
                .getBytes(StandardCharsets.UTF_8);

        RecordDraft draft = DeadLetterStore.decode(letter(payload));

        assertThat(draft).isInstanceOf(RecordDraft.OfEvent.class);
        assertThat(((RecordDraft.OfEvent) draft).draft().properties()).isEqualTo(Map.of(ROCKET, 1));
    }

    @Test
    void a_payload_the_store_writes_with_an_emoji_in_a_property_name_is_read_back_as_its_event() {
        Map<String, Object> document = new LinkedHashMap<>();
        document.put("event_id", "e2");
        document.put("event_type", "purchase");
        document.put("user_id", "u2");
        document.put("properties", Map.of(ROCKET, "\u65E5\u672C\u8A9E"));

        RecordDraft draft = DeadLetterStore.decode(letter(JsonCodec.writeBytes(document)));

        assertThat(draft).isInstanceOf(RecordDraft.OfEvent.class);
        assertThat(((RecordDraft.OfEvent) draft).draft().properties()).isEqualTo(Map.of(ROCKET, "\u65E5\u672C\u8A9E"));
    }

    @Test
    void a_payload_that_is_not_utf8_stays_unreadable() {
        byte[] payload = {'{', '"', 'a', '"', ':', '"', (byte) 0xC3, '"', '}'};

        assertThat(DeadLetterStore.decode(letter(payload))).isInstanceOf(RecordDraft.Unreadable.class);
    }

    private static DeadLetter letter(byte[] payload) {
        return new DeadLetter(DeadLetterReason.INVALID, "event_type: is required", payload, "POST /v1/events", EventSource.NATIVE,
                "e1", AT, 1);
    }
}
