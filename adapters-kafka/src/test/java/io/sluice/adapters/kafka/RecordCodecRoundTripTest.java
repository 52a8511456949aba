package io.sluice.adapters.kafka;

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
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * What the producer side encodes, the consumer side decodes. Jackson's default writes an emoji as
 * a surrogate-pair escape, which its UTF-8 parser refuses inside a field name: an acknowledged
 * event with an emoji property name became an unreadable dead letter without its event id.
 */
class RecordCodecRoundTripTest {

    private static final Instant AT = Instant.parse("2026-03-01T10:15:30Z");

    private final RecordCodec codec = new RecordCodec();

    @Test
    void an_emoji_in_a_property_name_is_read_back_as_the_event() {
        String rocket = "\uD83D\uDE80 rocket";
        BufferedRecord record = new BufferedRecord.EventRecord(new Event(new EventId("emoji"), new EventType("page_view"),
                new UserId("u1"), null, AT, AT, null, EventProperties.of(Map.of(rocket, "\u65E5\u672C\u8A9E")), EventSource.NATIVE));

        byte[] value = codec.encode(record);
        ReadRecord read = codec.decode(value, "user-events/0@1");

        assertThat(read.draft()).isInstanceOf(RecordDraft.OfEvent.class);
        RecordDraft.OfEvent event = (RecordDraft.OfEvent) read.draft();
        assertThat(event.draft().eventId()).isEqualTo("emoji");
        assertThat(event.draft().eventData()).isEqualTo(Map.of(rocket, "\u65E5\u672C\u8A9E"));
        assertThat(new String(value, StandardCharsets.UTF_8)).doesNotContainIgnoringCase("\\ud83d");
    }
}
