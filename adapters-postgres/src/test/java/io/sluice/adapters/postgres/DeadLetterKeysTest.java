package io.sluice.adapters.postgres;

import static io.sluice.adapters.postgres.TestEvents.T0;
import static io.sluice.adapters.postgres.TestEvents.batch;
import static io.sluice.adapters.postgres.TestEvents.position;
import static org.assertj.core.api.Assertions.assertThat;

import io.sluice.application.port.in.DeadLetterQuery;
import io.sluice.application.port.in.StoredDeadLetter;
import io.sluice.domain.deadletter.DeadLetter;
import io.sluice.domain.deadletter.DeadLetterKey;
import io.sluice.domain.deadletter.DeadLetterReason;
import io.sluice.domain.event.EventSource;
import java.nio.charset.StandardCharsets;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * Issue 14 item 10: a batch stored a second time (read again after a Kafka rebalance, or after a
 * rewind) sets the same records aside again; their dead letters are stored once, by the key of the
 * buffer record they came from.
 */
class DeadLetterKeysTest {

    private final PostgresStore store = new FreshStore().store();

    @Test
    void the_same_batch_stored_twice_keeps_one_dead_letter_per_record() {
        // As the consumer prepares them: one set aside at the door (buffered with its request), one by the consumer.
        DeadLetter atIngress = keyed(letter("POST /v1/events", "{\"event_type\":\"\"}"), "user-events/0@7", "{\"dead_letter\":1}");
        DeadLetter atConsumer = keyed(letter("user-events/0@8", "[1,2]"), "user-events/0@8", "[1,2]");

        store.store(batch(List.of(), List.of(), List.of(atIngress, atConsumer), List.of(position(0, 9))));
        // Read again from an older position, with a later failure time: the same records.
        store.store(batch(List.of(), List.of(), List.of(laterCopy(atIngress), laterCopy(atConsumer)), List.of(position(0, 9))));

        List<StoredDeadLetter> stored = store.find(new DeadLetterQuery(null, null, null, null, null, null, 10));
        assertThat(stored).extracting(StoredDeadLetter::letter).containsExactly(atConsumer, atIngress);
        assertThat(store.stats().deadLetters()).containsEntry("malformed", 2L);
    }

    @Test
    void different_records_and_unkeyed_dead_letters_are_all_kept() {
        DeadLetter first = keyed(letter("user-events/0@1", "x"), "user-events/0@1", "x");
        // The same offset of a recreated topic holds other bytes: another record.
        DeadLetter recreated = keyed(letter("user-events/0@1", "y"), "user-events/0@1", "y");
        DeadLetter unkeyed = letter("store/sluice", "z");

        store.store(batch(List.of(), List.of(), List.of(first, recreated, unkeyed), List.of()));
        store.store(batch(List.of(), List.of(), List.of(unkeyed), List.of()));

        assertThat(store.find(new DeadLetterQuery(null, null, null, null, null, null, 10))).hasSize(4);
    }

    private static DeadLetter letter(String origin, String payload) {
        return new DeadLetter(DeadLetterReason.MALFORMED, "not an event", payload.getBytes(StandardCharsets.UTF_8), origin,
                new EventSource("native"), null, T0, 1);
    }

    private static DeadLetter keyed(DeadLetter letter, String position, String recordBytes) {
        return letter.withKey(DeadLetterKey.atBufferPosition(position, recordBytes.getBytes(StandardCharsets.UTF_8)));
    }

    private static DeadLetter laterCopy(DeadLetter letter) {
        return new DeadLetter(letter.reason(), letter.detail(), letter.payload(), letter.origin(), letter.source(), letter.eventId(),
                letter.failedAt().plusSeconds(60), letter.attempts(), letter.key());
    }
}
