package io.sluice.domain.record;

import io.sluice.domain.deadletter.DeadLetter;
import io.sluice.domain.deadletter.DeadLetterReason;
import io.sluice.domain.event.Event;
import io.sluice.domain.event.EventDraft;
import io.sluice.domain.event.EventRules;
import io.sluice.domain.event.EventSource;
import io.sluice.domain.metric.MetricDraft;
import io.sluice.domain.metric.MetricSample;
import java.time.Instant;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The versioned document shape of buffer records (envelope version 1), in JDK types, so that
 * every adapter maps it to bytes with its own JSON library and no adapter owns the contract.
 * Field names follow seed 003 ({@code event_id}, {@code user_id}, {@code event_type},
 * {@code timestamp}, {@code event_data}, {@code duration_seconds}), so Kafka tools and seed 003's
 * consumers read Sluice's records, and seed 003's producers' records are read as events.
 * Stateless and thread-safe.
 */
public final class RecordDocument {

    public static final int VERSION = 1;
    public static final String VERSION_FIELD = "v";
    public static final String KIND_FIELD = "kind";

    private RecordDocument() {
    }

    public static Map<String, Object> toDocument(BufferedRecord record) {
        Map<String, Object> doc = new LinkedHashMap<>(16);
        doc.put(VERSION_FIELD, VERSION);
        if (record instanceof BufferedRecord.EventRecord r) {
            doc.put(KIND_FIELD, "event");
            writeEvent(r.event(), doc);
        } else if (record instanceof BufferedRecord.MetricRecord r) {
            doc.put(KIND_FIELD, "metric");
            MetricSample sample = r.sample();
            doc.put("id", sample.id());
            doc.put("name", sample.name().value());
            doc.put("value", sample.value());
            doc.put("timestamp", sample.timestamp().toString());
            doc.put("received_at", sample.receivedAt().toString());
            doc.put("labels", sample.labels().asMap());
        } else if (record instanceof BufferedRecord.RejectedRecord r) {
            doc.put(KIND_FIELD, "dead_letter");
            DeadLetter letter = r.deadLetter();
            doc.put("reason", letter.reason().label());
            doc.put("detail", letter.detail());
            doc.put("payload_base64", Base64.getEncoder().encodeToString(letter.payload()));
            doc.put("origin", letter.origin());
            doc.put("source", letter.source().value());
            if (letter.eventId() != null) {
                doc.put("event_id", letter.eventId());
            }
            doc.put("failed_at", letter.failedAt().toString());
            doc.put("attempts", letter.attempts());
        }
        return doc;
    }

    /** The fields of a stored event, in the shape of seed 003's producer plus Sluice's own fields. */
    public static void writeEvent(Event event, Map<String, Object> doc) {
        doc.put("event_id", event.id().value());
        doc.put("user_id", event.user().value());
        doc.put("event_type", event.type().value());
        doc.put("timestamp", event.timestamp().toString());
        doc.put("received_at", event.receivedAt().toString());
        if (event.session() != null) {
            doc.put("session_id", event.session().value());
        }
        if (event.durationSeconds() != null) {
            doc.put("duration_seconds", event.durationSeconds());
        }
        doc.put("event_data", event.properties().asMap());
        doc.put("source", event.source().value());
    }

    /**
     * Reads a document back.
     *
     * @param doc           the parsed JSON object
     * @param documentBytes the encoded size of the whole document, an upper bound of its properties' size
     * @param fallback      the source of documents that name none (foreign producers)
     */
    public static RecordDraft fromDocument(Map<String, Object> doc, int documentBytes, EventSource fallback) {
        Object version = doc.get(VERSION_FIELD);
        if (version == null) {
            return readForeign(doc, documentBytes, fallback);
        }
        if (!(version instanceof Number n) || n.intValue() != VERSION) {
            return new RecordDraft.Unreadable("unsupported envelope version " + version);
        }
        Object kind = doc.get(KIND_FIELD);
        if ("event".equals(kind)) {
            return new RecordDraft.OfEvent(eventDraft(doc, documentBytes, instant(doc.get("received_at")), source(doc, fallback)));
        }
        if ("metric".equals(kind)) {
            return new RecordDraft.OfMetric(new MetricDraft(doc.get("id"), doc.get("name"), doc.get("value"), doc.get("timestamp"),
                    doc.get("labels"), instant(doc.get("received_at"))));
        }
        if ("dead_letter".equals(kind)) {
            return deadLetter(doc, fallback);
        }
        return new RecordDraft.Unreadable("unknown record kind " + kind);
    }

    /** An event as a client sent it (native API, seed 003 producers): {@code properties} or {@code event_data}. */
    public static EventDraft eventDraft(Map<String, Object> doc, int documentBytes, Instant receivedAt, EventSource source) {
        Object properties = doc.get("properties");
        Object eventData = doc.get("event_data");
        return new EventDraft(doc.get("event_id"), doc.get("event_type"), doc.get("user_id"), doc.get("session_id"),
                doc.get("timestamp"), doc.get("duration_seconds"), properties, eventData,
                propertiesBytes(properties != null ? properties : eventData, documentBytes), receivedAt, source);
    }

    /**
     * The size the 32 KB rule applies to. The whole document bounds it, and is cheap; but the
     * envelope around the properties would push an event that ingress accepted with, say, 32 000 bytes
     * of properties over the limit when the consumer checks it again, and dead-letter an
     * acknowledged event. So when the document is over the limit, its properties are measured
     * alone, as compact JSON.
     */
    private static int propertiesBytes(Object properties, int documentBytes) {
        if (documentBytes <= EventRules.MAX_PROPERTIES_BYTES || !(properties instanceof Map<?, ?>)) {
            return documentBytes;
        }
        return (int) Math.min(documentBytes, JsonSize.of(properties));
    }

    /** A metric sample as seed 001's clients send it. */
    public static MetricDraft metricDraft(Map<String, Object> doc) {
        return new MetricDraft(null, doc.get("name"), doc.get("value"), doc.get("timestamp"), doc.get("labels"), null);
    }

    private static RecordDraft readForeign(Map<String, Object> doc, int documentBytes, EventSource fallback) {
        if (doc.containsKey("event_type") || doc.containsKey("user_id")) {
            return new RecordDraft.OfEvent(eventDraft(doc, documentBytes, null, fallback));
        }
        if (doc.containsKey("name") && doc.containsKey("value")) {
            return new RecordDraft.OfMetric(metricDraft(doc));
        }
        return new RecordDraft.Unreadable("neither an event (event_type, user_id) nor a metric sample (name, value)");
    }

    private static RecordDraft deadLetter(Map<String, Object> doc, EventSource fallback) {
        try {
            byte[] payload = Base64.getDecoder().decode(String.valueOf(doc.get("payload_base64")));
            Instant failedAt = instant(doc.get("failed_at"));
            Object attempts = doc.get("attempts");
            return new RecordDraft.OfDeadLetter(new DeadLetter(
                    DeadLetterReason.fromLabel(String.valueOf(doc.get("reason"))),
                    String.valueOf(doc.get("detail")),
                    payload,
                    String.valueOf(doc.get("origin")),
                    source(doc, fallback),
                    doc.get("event_id") instanceof String id ? id : null,
                    failedAt == null ? Instant.EPOCH : failedAt,
                    attempts instanceof Number n ? Math.max(1, n.intValue()) : 1));
        } catch (IllegalArgumentException broken) {
            return new RecordDraft.Unreadable("broken dead-letter record: " + broken.getMessage());
        }
    }

    private static EventSource source(Map<String, Object> doc, EventSource fallback) {
        Object source = doc.get("source");
        if (source instanceof String text && !text.isEmpty() && text.length() <= 100) {
            return new EventSource(text);
        }
        return fallback;
    }

    private static Instant instant(Object value) {
        return value instanceof String text ? EventRules.parseIsoInstantOrNull(text) : null;
    }
}
