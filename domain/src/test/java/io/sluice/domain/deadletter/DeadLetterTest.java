package io.sluice.domain.deadletter;

import static org.assertj.core.api.Assertions.assertThat;

import io.sluice.domain.event.EventSource;
import java.time.Instant;
import org.junit.jupiter.api.Test;

class DeadLetterTest {

    private static DeadLetter letter(String detail, String eventId) {
        return new DeadLetter(DeadLetterReason.INVALID, detail, new byte[] {0, 1}, "POST /v1/events", EventSource.NATIVE, eventId,
                Instant.EPOCH, 1);
    }

    @Test
    void clientTextThatPostgresCannotHoldIsReplacedInTheDetail() {
        DeadLetter letter = letter("timestamp: got 'a\u0000b' \ud800 ok 🚀", "evt");
        assertThat(letter.detail()).isEqualTo("timestamp: got 'a\uFFFDb' \uFFFD ok 🚀");
        assertThat(letter.eventId()).isEqualTo("evt");
    }

    @Test
    void anUnstorableClaimedIdIsDropped() {
        assertThat(letter("d", "e\u0000").eventId()).isNull();
        assertThat(letter("d", "\udc00").eventId()).isNull();
    }

    @Test
    void theDetailIsCappedAndThePayloadCopied() {
        byte[] payload = {1, 2, 3};
        DeadLetter letter = new DeadLetter(DeadLetterReason.MALFORMED, "x".repeat(5_000), payload, "o", EventSource.NATIVE, null,
                Instant.EPOCH, 1);
        payload[0] = 9;
        assertThat(letter.detail()).hasSize(DeadLetter.MAX_DETAIL_LENGTH);
        assertThat(letter.payload()).containsExactly(1, 2, 3);
        letter.payload()[1] = 9;
        assertThat(letter.payload()).containsExactly(1, 2, 3);
        assertThat(letter).isEqualTo(new DeadLetter(DeadLetterReason.MALFORMED, "x".repeat(5_000), new byte[] {1, 2, 3}, "o",
                EventSource.NATIVE, null, Instant.EPOCH, 1));
    }
}
