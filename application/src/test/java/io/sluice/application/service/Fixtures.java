package io.sluice.application.service;

import io.sluice.application.port.in.Incoming;
import io.sluice.application.port.in.RouteFamily;
import io.sluice.application.port.out.ObservePipelinePort;
import io.sluice.application.port.out.StoreReport;
import io.sluice.domain.deadletter.DeadLetterReason;
import io.sluice.domain.deadletter.FailureKind;
import io.sluice.domain.event.EventDraft;
import io.sluice.domain.event.EventSource;
import io.sluice.domain.metric.MetricDraft;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** Shared test data for the use-case tests. */
final class Fixtures {

    static final Instant NOW = Instant.parse("2024-01-15T10:00:00Z");
    static final Clock CLOCK = Clock.fixed(NOW, ZoneOffset.UTC);

    private Fixtures() {
    }

    static EventDraft eventDraft(Object id, Object type, Object user, Map<String, Object> properties) {
        return new EventDraft(id, type, user, null, null, null, properties, null, 64, null, EventSource.NATIVE);
    }

    static Map<String, Object> seedThreeEvent(Object id, String type, String user, Map<String, Object> data) {
        Map<String, Object> doc = new LinkedHashMap<>();
        if (id != null) {
            doc.put("event_id", id);
        }
        doc.put("user_id", user);
        doc.put("event_type", type);
        doc.put("timestamp", "2024-01-15T09:30:00.000Z");
        doc.put("event_data", data);
        doc.put("duration_seconds", 2.5);
        return doc;
    }

    static Incoming<EventDraft> parsed(EventDraft draft) {
        return new Incoming.Parsed<>(draft, bytes("{\"raw\":\"" + draft.eventId() + "\"}"));
    }

    static Incoming<MetricDraft> parsedMetric(Object name, Object value) {
        return new Incoming.Parsed<>(new MetricDraft(null, name, value, null, null, null), bytes("{\"name\":\"" + name + "\"}"));
    }

    static byte[] bytes(String text) {
        return text.getBytes(StandardCharsets.UTF_8);
    }

    /** Remembers what the use cases reported. */
    static final class RecordingObserver implements ObservePipelinePort {
        final List<String> calls = new ArrayList<>();

        @Override
        public synchronized void ingested(RouteFamily routeFamily, int accepted, int invalid, int malformed, Duration appendTook,
                                          Duration ingestTook) {
            calls.add("ingested " + routeFamily.label() + " " + accepted + "/" + (invalid + malformed));
        }

        @Override
        public synchronized void bufferRefused(RouteFamily routeFamily) {
            calls.add("refused " + routeFamily.label());
        }

        @Override
        public synchronized void batchStored(StoreReport report, int records, Map<DeadLetterReason, Integer> deadLetters,
                                             Duration storeTook, Duration took) {
            calls.add("stored " + records + (deadLetters.isEmpty() ? "" : " " + deadLetters));
        }

        @Override
        public synchronized void storeFailed(FailureKind kind, int attempt) {
            calls.add("failed " + kind + " " + attempt);
        }
    }
}
