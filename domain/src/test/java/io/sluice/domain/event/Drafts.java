package io.sluice.domain.event;

import java.time.Instant;
import java.util.Map;

/** Builds event drafts for tests: a valid draft by default, one field changed per call. */
public final class Drafts {

    public static final Instant NOW = Instant.parse("2024-01-15T10:00:00Z");

    private Object eventId = "evt-1";
    private Object eventType = "page_view";
    private Object userId = "user_42";
    private Object sessionId;
    private Object timestamp;
    private Object durationSeconds;
    private Object properties;
    private Object eventData;
    private int propertiesBytes;
    private Instant receivedAt;
    private EventSource source = EventSource.NATIVE;

    public static Drafts event() {
        return new Drafts();
    }

    public Drafts eventId(Object value) { this.eventId = value; return this; }
    public Drafts eventType(Object value) { this.eventType = value; return this; }
    public Drafts userId(Object value) { this.userId = value; return this; }
    public Drafts sessionId(Object value) { this.sessionId = value; return this; }
    public Drafts timestamp(Object value) { this.timestamp = value; return this; }
    public Drafts duration(Object value) { this.durationSeconds = value; return this; }
    public Drafts properties(Object value) { this.properties = value; return this; }
    public Drafts eventData(Object value) { this.eventData = value; return this; }
    public Drafts propertiesBytes(int value) { this.propertiesBytes = value; return this; }
    public Drafts receivedAt(Instant value) { this.receivedAt = value; return this; }
    public Drafts source(EventSource value) { this.source = value; return this; }

    public Drafts purchase(Object amount) {
        this.eventType = "purchase";
        this.properties = amount == null ? Map.of("currency", "EUR") : Map.of("amount", amount, "currency", "EUR");
        return this;
    }

    public EventDraft build() {
        return new EventDraft(eventId, eventType, userId, sessionId, timestamp, durationSeconds, properties, eventData,
                propertiesBytes, receivedAt, source);
    }

    /** Validates with a seeded generator at {@link #NOW} and insists the draft is valid. */
    public Event valid() {
        Validated<Event> validated = new EventRules(new java.util.SplittableRandom(7)).validate(build(), NOW);
        if (validated instanceof Validated.Valid<Event> valid) {
            return valid.value();
        }
        throw new AssertionError("expected a valid draft: " + validated);
    }

    private Drafts() {
    }
}
