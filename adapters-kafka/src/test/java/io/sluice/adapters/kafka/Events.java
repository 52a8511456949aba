package io.sluice.adapters.kafka;

import io.sluice.domain.event.Event;
import io.sluice.domain.event.EventId;
import io.sluice.domain.event.EventProperties;
import io.sluice.domain.event.EventSource;
import io.sluice.domain.event.EventType;
import io.sluice.domain.event.UserId;
import io.sluice.application.port.out.BufferedRecord;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/** Test records in the shapes ingress appends. */
final class Events {

    private static final Instant AT = Instant.parse("2026-03-01T12:00:00Z");

    private Events() {
    }

    static BufferedRecord event(String id, String user) {
        return new BufferedRecord.EventRecord(new Event(new EventId(id), new EventType("page_view"), new UserId(user), null, AT, AT,
                1.5, EventProperties.of(Map.of("page", "/home", "n", 1)), EventSource.NATIVE));
    }

    /** {@code count} events for {@code users} users, round robin; ids {@code prefix-<n>} in append order. */
    static List<BufferedRecord> events(String prefix, int count, int users) {
        List<BufferedRecord> records = new ArrayList<>(count);
        for (int i = 0; i < count; i++) {
            records.add(event(prefix + "-" + i, "user-" + (i % users)));
        }
        return records;
    }
}
