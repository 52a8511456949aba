package io.sluice.application.port.in;

import io.sluice.domain.event.Event;
import java.time.Instant;
import java.util.Objects;

/** An event as stored: its storage sequence (for cursors) and when it was stored. Immutable. */
public record StoredEvent(long sequence, Event event, Instant processedAt) {
    public StoredEvent {
        Objects.requireNonNull(event, "event");
        Objects.requireNonNull(processedAt, "processedAt");
    }
}
