package io.sluice.adapters.chronicle;

import static org.assertj.core.api.Assertions.assertThat;

import io.sluice.application.port.out.ReadRecord;
import io.sluice.domain.event.Event;
import io.sluice.domain.event.EventId;
import io.sluice.domain.event.EventProperties;
import io.sluice.domain.event.EventSource;
import io.sluice.domain.event.EventType;
import io.sluice.domain.event.UserId;
import io.sluice.application.port.out.BufferedRecord;
import io.sluice.application.port.out.RecordDraft;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * What the writer encodes, the consumer decodes: an entry is read back record by record. An emoji
 * in a property name (accepted at ingress, whose properties are then encoded from the parsed map)
 * once made the whole entry one unreadable dead letter without event ids, losing every
 * acknowledged event of that append from the stored rows (issue 13, property test seed 13).
 */
class EntryCodecRoundTripTest {

    private final EntryCodec codec = new EntryCodec("events");

    @Test
    void an_emoji_in_a_property_name_is_read_back_with_its_neighbours() {
        String rocket = "\uD83D\uDE80 rocket";
        List<BufferedRecord> records = List.of(TestRecords.event("before"), event("emoji", Map.of(rocket, "\u65E5\u672C\u8A9E")),
                event("emoji-value", Map.of("plain", rocket)), TestRecords.event("after"));

        List<ReadRecord> read = codec.decode(7, EntryCodec.MAGIC, entry(codec.encodeBody(records)));

        assertThat(read).extracting(TestRecords::id).containsExactly("before", "emoji", "emoji-value", "after");
        RecordDraft.OfEvent emoji = (RecordDraft.OfEvent) read.get(1).draft();
        assertThat(emoji.draft().eventData()).isEqualTo(Map.of(rocket, "\u65E5\u672C\u8A9E"));
        RecordDraft.OfEvent emojiValue = (RecordDraft.OfEvent) read.get(2).draft();
        assertThat(emojiValue.draft().eventData()).isEqualTo(Map.of("plain", rocket));
    }

    @Test
    void an_emoji_is_written_as_its_four_utf8_bytes_not_as_surrogate_escapes() {
        byte[] body = codec.encodeBody(List.of(event("emoji", Map.of("\uD83D\uDE80", 1))));

        String text = new String(body, StandardCharsets.UTF_8);
        assertThat(text).contains("\"\uD83D\uDE80\":1").doesNotContainIgnoringCase("\\ud83d");
    }

    private static BufferedRecord event(String id, Map<String, ?> properties) {
        return new BufferedRecord.EventRecord(new Event(new EventId(id), new EventType("page_view"), new UserId("user-" + id),
                null, TestRecords.AT, TestRecords.AT, null, EventProperties.of(properties), EventSource.NATIVE));
    }

    /** The header as the writer lays it out, then the body. */
    private static byte[] entry(byte[] body) {
        return ByteBuffer.allocate(EntryCodec.HEADER_BYTES + body.length).order(ByteOrder.nativeOrder())
                .putInt(EntryCodec.MAGIC).putInt(1).put(body).array();
    }
}
