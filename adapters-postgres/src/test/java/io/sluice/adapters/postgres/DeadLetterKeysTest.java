package io.sluice.adapters.postgres;

import static io.sluice.adapters.postgres.TestEvents.GROUP;
import static io.sluice.adapters.postgres.TestEvents.T0;
import static io.sluice.adapters.postgres.TestEvents.batch;
import static io.sluice.adapters.postgres.TestEvents.event;
import static io.sluice.adapters.postgres.TestEvents.position;
import static org.assertj.core.api.Assertions.assertThat;

import io.sluice.application.port.in.DeadLetterQuery;
import io.sluice.application.port.in.StoredDeadLetter;
import io.sluice.application.port.out.ReadRecord;
import io.sluice.application.port.out.RecordDraft;
import io.sluice.application.port.out.RecordKeys;
import io.sluice.application.port.out.StorableBatch;
import io.sluice.domain.deadletter.DeadLetter;
import io.sluice.domain.deadletter.DeadLetterKey;
import io.sluice.domain.deadletter.DeadLetterReason;
import io.sluice.domain.event.Event;
import io.sluice.domain.event.EventSource;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * Issue 14 item 10: a batch stored a second time (read again after a Kafka rebalance, or after a
 * rewind) sets the same records aside again; their dead letters are stored once, by the key of the
 * buffer record they came from.
 */
class DeadLetterKeysTest {

    /** Twice this overflows a double: a bucket sum PostgreSQL refuses. */
    private static final double HUGE = 1.7e308;

    private final FreshStore fixture = new FreshStore();
    private final PostgresStore store = fixture.store();
    private final EventReads eventReads = fixture.events();
    private final DeadLetterStore deadLetterStore = fixture.deadLetters();

    @Test
    void the_same_batch_stored_twice_keeps_one_dead_letter_per_record() {
        // As the consumer prepares them: one set aside at the door (buffered with its request), one by the consumer.
        DeadLetter atIngress = keyed(letter("POST /v1/events", "{\"event_type\":\"\"}"), "user-events/0@7", "{\"dead_letter\":1}");
        DeadLetter atConsumer = keyed(letter("user-events/0@8", "[1,2]"), "user-events/0@8", "[1,2]");

        store.store(batch(List.of(), List.of(), List.of(atIngress, atConsumer), List.of(position(0, 9))));
        // Read again from an older position, with a later failure time: the same records.
        store.store(batch(List.of(), List.of(), List.of(laterCopy(atIngress), laterCopy(atConsumer)), List.of(position(0, 9))));

        List<StoredDeadLetter> stored = deadLetterStore.find(new DeadLetterQuery(null, null, null, null, null, null, 10));
        assertThat(stored).extracting(StoredDeadLetter::letter).containsExactly(atConsumer, atIngress);
        assertThat(eventReads.stats().deadLetters()).containsEntry("malformed", 2L);
    }

    @Test
    void different_records_and_unkeyed_dead_letters_are_all_kept() {
        DeadLetter first = keyed(letter("user-events/0@1", "x"), "user-events/0@1", "x");
        // The same offset of a recreated topic holds other bytes: another record.
        DeadLetter recreated = keyed(letter("user-events/0@1", "y"), "user-events/0@1", "y");
        DeadLetter unkeyed = letter("store/sluice", "z");

        store.store(batch(List.of(), List.of(), List.of(first, recreated, unkeyed), List.of()));
        store.store(batch(List.of(), List.of(), List.of(unkeyed), List.of()));

        assertThat(deadLetterStore.find(new DeadLetterQuery(null, null, null, null, null, null, 10))).hasSize(4);
    }

    /**
     * Issue 13's leftover: a record the store refuses (here a duration whose bucket sum would
     * overflow) is set aside by the store's own bisection, not by the consumer. Keyed by its buffer
     * record like the consumer's dead letters, the same batch stored again (the process died after
     * the commit, before the buffer's position was committed) makes no second dead letter.
     */
    @Test
    void a_record_the_store_isolates_is_keyed_by_its_buffer_record_and_stored_once_when_its_batch_is_stored_again() {
        store.store(batch(List.of(event("first-huge", "t", "u0", T0, HUGE)), List.of(position(0, 1))));
        Event poisoned = event("second-huge", "t", "u9", T0.plusSeconds(1), HUGE);
        Event good = event("good", "t", "u1", T0.plusSeconds(2), 1.0);
        // Only where a record was read and its bytes make its key; what it decoded to does not matter here.
        ReadRecord poisonedRecord = new ReadRecord(new RecordDraft.Unreadable("as read"), bytes("{\"event_id\":\"second-huge\"}"),
                "user-events/0@1");
        ReadRecord goodRecord = new ReadRecord(new RecordDraft.Unreadable("as read"), bytes("{\"event_id\":\"good\"}"),
                "user-events/0@2");
        StorableBatch isolating = new StorableBatch(GROUP, List.of(poisoned, good), List.of(), List.of(), List.of(position(0, 3)),
                false, 1, new RecordKeys(Map.of(poisoned.id(), poisonedRecord, good.id(), goodRecord), Map.of())).isolatingPoison(6);

        assertThat(store.store(isolating).deadLettered()).isEqualTo(1);
        assertThat(store.store(isolating.attempt(7)).eventsStored()).as("stored again: the good event is a duplicate").isZero();

        List<StoredDeadLetter> stored = deadLetterStore.find(new DeadLetterQuery(null, null, null, null, null, null, 10));
        assertThat(stored).singleElement().satisfies(letter -> {
            assertThat(letter.letter().reason()).isEqualTo(DeadLetterReason.RETRIES_EXHAUSTED);
            assertThat(letter.letter().eventId()).isEqualTo("second-huge");
            assertThat(letter.letter().key()).isEqualTo(DeadLetterKey.atBufferPosition("user-events/0@1", poisonedRecord.raw()));
        });
    }

    private static DeadLetter letter(String origin, String payload) {
        return new DeadLetter(DeadLetterReason.MALFORMED, "not an event", payload.getBytes(StandardCharsets.UTF_8), origin,
                new EventSource("native"), null, T0, 1);
    }

    private static byte[] bytes(String text) {
        return text.getBytes(StandardCharsets.UTF_8);
    }

    private static DeadLetter keyed(DeadLetter letter, String position, String recordBytes) {
        return letter.withKey(DeadLetterKey.atBufferPosition(position, recordBytes.getBytes(StandardCharsets.UTF_8)));
    }

    private static DeadLetter laterCopy(DeadLetter letter) {
        return new DeadLetter(letter.reason(), letter.detail(), letter.payload(), letter.origin(), letter.source(), letter.eventId(),
                letter.failedAt().plusSeconds(60), letter.attempts(), letter.key());
    }
}
