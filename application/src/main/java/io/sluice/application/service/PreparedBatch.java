package io.sluice.application.service;

import io.sluice.application.port.out.ReadRecord;
import io.sluice.application.port.out.RecordKeys;
import io.sluice.domain.deadletter.DeadLetter;
import io.sluice.domain.deadletter.DeadLetterKey;
import io.sluice.domain.deadletter.DeadLetterReason;
import io.sluice.domain.event.Event;
import io.sluice.domain.event.EventId;
import io.sluice.domain.event.EventSource;
import io.sluice.domain.metric.MetricSample;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * What one consumer batch became before it is stored: its events (each id once), samples and
 * dead letters. Filled by {@link BatchPreparation}; not thread-safe.
 */
final class PreparedBatch {

    private final Map<EventId, Event> uniqueEvents;
    private final List<MetricSample> samples = new ArrayList<>();
    private final List<DeadLetter> deadLetters = new ArrayList<>();
    /** Where each event and sample was read, for the key of a dead letter the store sets aside. */
    private final Map<EventId, ReadRecord> eventRecords;
    private final Map<String, ReadRecord> sampleRecords = new HashMap<>();
    private int batchDuplicates;
    private List<Event> events;

    PreparedBatch(int size) {
        uniqueEvents = new LinkedHashMap<>(size * 2);
        eventRecords = new HashMap<>(size * 2);
    }

    /** The first occurrence of an id in a batch wins, as a stored id wins over later ones. */
    void addEvent(Event event, ReadRecord record) {
        if (uniqueEvents.putIfAbsent(event.id(), event) != null) {
            batchDuplicates++;
        } else {
            eventRecords.put(event.id(), record);
        }
    }

    void addSample(MetricSample sample, ReadRecord record) {
        samples.add(sample);
        sampleRecords.putIfAbsent(sample.id(), record);
    }

    /** A dead letter ingress set aside, known by where it was read. */
    void addDeadLetter(DeadLetter letter) {
        deadLetters.add(letter);
    }

    /** Sets the record aside as a dead letter known by its position in the buffer. */
    void deadLetter(ReadRecord record, DeadLetterReason reason, String detail, EventSource source, Object claimedId, Instant now) {
        String id = claimedId instanceof String text && !text.isEmpty() && text.length() <= 100 ? text : null;
        deadLetters.add(new DeadLetter(reason, detail, record.raw(), record.origin(), source, id, now, 1,
                DeadLetterKey.atBufferPosition(record.origin(), record.raw())));
    }

    /** The events in the order their ids first appeared; asked for once the batch is prepared. */
    List<Event> events() {
        if (events == null) {
            events = new ArrayList<>(uniqueEvents.values());
        }
        return events;
    }

    List<MetricSample> samples() {
        return samples;
    }

    List<DeadLetter> deadLetters() {
        return deadLetters;
    }

    /** The record each event and sample was read from. */
    RecordKeys recordKeys() {
        return new RecordKeys(eventRecords, sampleRecords);
    }

    /** Events dropped because an earlier record of the same batch had their id. */
    int batchDuplicates() {
        return batchDuplicates;
    }
}
