package io.sluice.adapters.chronicle;

import io.sluice.application.port.out.BufferBatch;
import io.sluice.application.port.out.ReadRecord;
import io.sluice.domain.event.Event;
import io.sluice.domain.event.EventDraft;
import io.sluice.domain.event.EventId;
import io.sluice.domain.event.EventProperties;
import io.sluice.domain.event.EventSource;
import io.sluice.domain.event.EventType;
import io.sluice.domain.event.UserId;
import io.sluice.application.port.out.BufferedRecord;
import io.sluice.application.port.out.RecordDraft;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/** Builds records for the tests and reads their ids back. */
final class TestRecords {

    static final Instant AT = Instant.parse("2026-03-01T10:15:30Z");

    private TestRecords() {
    }

    static BufferedRecord event(String id) {
        return new BufferedRecord.EventRecord(new Event(new EventId(id), new EventType("page_view"), new UserId("user-" + id),
                null, AT, AT, 1.5, EventProperties.of(Map.of("page", "/home", "n", 3)), EventSource.NATIVE));
    }

    static List<BufferedRecord> events(String prefix, int count) {
        List<BufferedRecord> records = new ArrayList<>(count);
        for (int i = 0; i < count; i++) {
            records.add(event(prefix + "-" + i));
        }
        return records;
    }

    /** The event ids of a batch, in order; an unreadable record shows as {@code <unreadable>}. */
    static List<String> ids(BufferBatch batch) {
        List<String> ids = new ArrayList<>(batch.records().size());
        for (ReadRecord record : batch.records()) {
            ids.add(id(record));
        }
        return ids;
    }

    static String id(ReadRecord record) {
        if (record.draft() instanceof RecordDraft.OfEvent event) {
            EventDraft draft = event.draft();
            return String.valueOf(draft.eventId());
        }
        return "<unreadable>";
    }
}
