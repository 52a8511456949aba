package io.sluice.application.port.out;

import io.sluice.domain.deadletter.DeadLetterKey;
import io.sluice.domain.event.EventId;
import java.util.Collections;
import java.util.Map;

/**
 * The buffer record each event and sample of a batch was read from, so that a record the store
 * itself sets aside (poison isolation) gets the dead-letter key a record set aside by the consumer
 * gets: the same record read again (a rebalance, a restart before the position was committed)
 * makes the same dead letter, stored once. Immutable once handed over: the maps are taken, not
 * copied, so the caller must not change them afterwards.
 *
 * @param events  by event id, the record the batch's event with that id came from
 * @param samples by sample id, the record the batch's sample with that id came from
 */
public record RecordKeys(Map<EventId, ReadRecord> events, Map<String, ReadRecord> samples) {

    /** A batch whose records are not known (tests, tools): its poison dead letters have no key. */
    public static final RecordKeys NONE = new RecordKeys(Map.of(), Map.of());

    public RecordKeys {
        events = Collections.unmodifiableMap(events);
        samples = Collections.unmodifiableMap(samples);
    }

    /** The key of the record the event came from, or {@code null} when it is not known. */
    public DeadLetterKey ofEvent(EventId id) {
        return keyOf(events.get(id));
    }

    /** The key of the record the sample came from, or {@code null} when it is not known. */
    public DeadLetterKey ofSample(String id) {
        return keyOf(samples.get(id));
    }

    private static DeadLetterKey keyOf(ReadRecord record) {
        // Computed only for a record the store refused: digests for every record would cost the hot path.
        return record == null ? null : DeadLetterKey.atBufferPosition(record.origin(), record.raw());
    }
}
