package io.sluice.adapters.kafka;

import static org.assertj.core.api.Assertions.assertThat;

import io.sluice.application.port.out.ReadRecord;
import io.sluice.domain.event.EventDraft;
import io.sluice.domain.privacy.PiiAction;
import io.sluice.domain.privacy.PiiPolicy;
import io.sluice.domain.privacy.PiiRule;
import io.sluice.application.port.out.RecordDraft;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** Personal data in a foreign producer's record never reaches the store or a dead letter in clear. */
class RecordCodecPiiTest {

    private final RecordCodec codec = new RecordCodec(PiiPolicy.of(List.of(
            PiiRule.of("properties.email", PiiAction.HASH), PiiRule.of("event_data.ip_address", PiiAction.REDACT)),
            "a-kafka-test-key-of-enough-bytes".getBytes(StandardCharsets.UTF_8)));

    @Test
    void a_seed_003_record_is_protected_in_its_draft_and_in_the_bytes_kept_for_dead_letters() {
        byte[] value = ("{\"event_id\":\"e1\",\"user_id\":\"u1\",\"event_type\":\"page_view\","
                + "\"event_data\":{\"ip_address\":\"192.168.1.1\",\"email\":\"ada@example.com\",\"page_url\":\"/home\"}}")
                .getBytes(StandardCharsets.UTF_8);

        ReadRecord read = codec.decode(value, "user-events/0@7");

        EventDraft draft = ((RecordDraft.OfEvent) read.draft()).draft();
        Map<?, ?> data = (Map<?, ?>) draft.eventData();
        assertThat(data.get("ip_address")).isEqualTo(PiiPolicy.REDACTED);
        assertThat((String) data.get("email")).startsWith(PiiPolicy.HASH_PREFIX);
        assertThat(data.get("page_url")).isEqualTo("/home");
        String kept = new String(read.raw(), StandardCharsets.UTF_8);
        assertThat(kept).doesNotContain("192.168.1.1").doesNotContain("ada@example.com").contains("/home");
    }

    @Test
    void a_record_without_personal_data_keeps_its_original_bytes() {
        byte[] value = "{\"event_id\":\"e2\",\"user_id\":\"u2\",\"event_type\":\"click\"}".getBytes(StandardCharsets.UTF_8);
        assertThat(codec.decode(value, "user-events/0@8").raw()).isSameAs(value);
    }
}
