package io.sluice.adapters.chronicle;

import static org.assertj.core.api.Assertions.assertThat;

import io.sluice.domain.deadletter.DeadLetter;
import io.sluice.domain.deadletter.DeadLetterReason;
import io.sluice.domain.event.EventSource;
import io.sluice.application.port.out.BufferedRecord;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** An entry's buffer follows its real bytes, not its record count (issue 13, finding 3). */
class EntryCodecSizingTest {

    @Test
    void the_first_block_never_passes_its_cap_whatever_the_record_count() {
        assertThat(EntryCodec.initialBytes(1)).isEqualTo(512);
        assertThat(EntryCodec.initialBytes(500_000)).isEqualTo(EntryCodec.MAX_INITIAL_BYTES);
        assertThat(EntryCodec.initialBytes(Integer.MAX_VALUE)).isEqualTo(EntryCodec.MAX_INITIAL_BYTES);
    }

    @Test
    void ten_thousand_tiny_dead_letters_encode_to_their_own_size_and_decode_back() {
        EntryCodec codec = new EntryCodec("events");
        List<BufferedRecord> records = new ArrayList<>();
        for (int i = 0; i < 10_000; i++) {
            records.add(new BufferedRecord.RejectedRecord(new DeadLetter(DeadLetterReason.MALFORMED, "line " + i + " is a number",
                    "1".getBytes(StandardCharsets.UTF_8), "POST /v1/events", EventSource.NATIVE, null,
                    Instant.parse("2026-03-01T10:00:00Z"), 1)));
        }
        byte[] body = codec.encodeBody(records);
        assertThat(body.length).isBetween(10_000 * 100, 10_000 * 400);
    }
}
