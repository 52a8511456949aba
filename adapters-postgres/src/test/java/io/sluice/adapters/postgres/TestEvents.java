package io.sluice.adapters.postgres;

import io.sluice.application.port.out.BufferPosition;
import io.sluice.application.port.out.ConsumerGroup;
import io.sluice.application.port.out.Offset;
import io.sluice.application.port.out.StorableBatch;
import io.sluice.application.port.out.StreamName;
import io.sluice.domain.deadletter.DeadLetter;
import io.sluice.domain.event.Event;
import io.sluice.domain.event.EventId;
import io.sluice.domain.event.EventProperties;
import io.sluice.domain.event.EventSource;
import io.sluice.domain.event.EventType;
import io.sluice.domain.event.SessionId;
import io.sluice.domain.event.UserId;
import io.sluice.domain.metric.MetricLabels;
import io.sluice.domain.metric.MetricName;
import io.sluice.domain.metric.MetricSample;
import java.time.Instant;
import java.util.List;
import java.util.Map;

/** Builds domain values for store tests, bypassing validation where a test needs to. */
final class TestEvents {

    static final ConsumerGroup GROUP = new ConsumerGroup("sluice-consumers");
    static final StreamName STREAM = new StreamName("user-events");
    static final Instant T0 = Instant.parse("2026-03-01T10:00:00Z");

    private TestEvents() {
    }

    static Event event(String id, String type, String user, Instant timestamp, Double duration) {
        return event(id, type, user, timestamp, duration, Map.of("page", "/home"));
    }

    static Event event(String id, String type, String user, Instant timestamp, Double duration, Map<String, ?> properties) {
        return new Event(new EventId(id), new EventType(type), new UserId(user), new SessionId("s-" + user), timestamp,
                timestamp.plusSeconds(1), duration, EventProperties.of(properties), EventSource.NATIVE);
    }

    static MetricSample sample(String id, String name, double value, Instant timestamp, Map<String, String> labels) {
        return new MetricSample(id, new MetricName(name), value, timestamp, timestamp, MetricLabels.of(labels));
    }

    static StorableBatch batch(List<Event> events, List<BufferPosition> positions) {
        return new StorableBatch(GROUP, events, List.of(), List.of(), positions, false, 1);
    }

    static StorableBatch batch(List<Event> events, List<MetricSample> samples, List<DeadLetter> deadLetters,
                               List<BufferPosition> positions) {
        return new StorableBatch(GROUP, events, samples, deadLetters, positions, false, 1);
    }

    static BufferPosition position(int partition, long next) {
        return new BufferPosition(STREAM, partition, new Offset(next));
    }
}
