package io.sluice.adapters.recordformat;

import io.sluice.application.port.out.BufferedRecord;
import io.sluice.application.port.out.RecordDraft;
import io.sluice.domain.deadletter.DeadLetter;
import io.sluice.domain.deadletter.DeadLetterReason;
import io.sluice.domain.event.Event;
import io.sluice.domain.event.EventFields;
import io.sluice.domain.event.EventProperties;
import io.sluice.domain.event.EventRules;
import io.sluice.domain.event.EventSource;
import io.sluice.domain.event.IsoTimestamps;
import io.sluice.domain.event.SchemaStamp;
import io.sluice.domain.event.SchemaViolation;
import io.sluice.domain.metric.MetricDraft;
import io.sluice.domain.metric.MetricSample;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The versioned document shape of buffer records (envelope version 1), in JDK types, so that
 * every adapter maps it to bytes with its own JSON library and no adapter owns the contract.
 * Field names follow seed 003 ({@code event_id}, {@code user_id}, {@code event_type},
 * {@code timestamp}, {@code event_data}, {@code duration_seconds}), so Kafka tools and seed 003's
 * consumers read Sluice's records, and seed 003's producers' records are read as events.
 * Its users are the buffer adapters (Kafka, Chronicle Queue) and the dead-letter store, whose
 * payloads hold buffer records (ArchitectureTest keeps it so); version 1 is pinned by the golden
 * files of {@code GoldenRecordsTest}. Stateless and thread-safe.
 */
public final class RecordDocument {

    public static final int VERSION = 1;
    public static final String VERSION_FIELD = "v";
    public static final String KIND_FIELD = "kind";
    /** An event's schema check as ingress did it; absent when no schema applied. */
    public static final String SCHEMA_FIELD = "schema";

    private RecordDocument() {
    }

    /** The document of a record as a map of JDK types, for adapters that encode maps. */
    public static Map<String, Object> toDocument(BufferedRecord record) {
        Map<String, Object> doc = new LinkedHashMap<>(16);
        write(record, new MapFields(doc));
        return doc;
    }

    /** Emits the fields of a record's document, in document order, into {@code out}. */
    public static void write(BufferedRecord record, DocumentFields out) {
        out.integer(VERSION_FIELD, VERSION);
        if (record instanceof BufferedRecord.EventRecord r) {
            out.text(KIND_FIELD, "event");
            writeEvent(r.event(), r.encodedProperties(), out);
        } else if (record instanceof BufferedRecord.MetricRecord r) {
            out.text(KIND_FIELD, "metric");
            MetricSample sample = r.sample();
            out.text("id", sample.id());
            out.text("name", sample.name().value());
            out.decimal("value", sample.value());
            out.text("timestamp", IsoTimestamps.format(sample.timestamp()));
            out.text("received_at", IsoTimestamps.format(sample.receivedAt()));
            out.object("labels", sample.labels().asMap());
        } else if (record instanceof BufferedRecord.RejectedRecord r) {
            out.text(KIND_FIELD, "dead_letter");
            DeadLetter letter = r.deadLetter();
            out.text("reason", letter.reason().label());
            out.text("detail", letter.detail());
            out.text("payload_base64", Base64.getEncoder().encodeToString(letter.payload()));
            out.text("origin", letter.origin());
            out.text("source", letter.source().value());
            if (letter.eventId() != null) {
                out.text("event_id", letter.eventId());
            }
            out.text("failed_at", IsoTimestamps.format(letter.failedAt()));
            out.integer("attempts", letter.attempts());
        }
    }

    /** The fields of a stored event, in the shape of seed 003's producer plus Sluice's own fields. */
    private static void writeEvent(Event event, byte[] encodedProperties, DocumentFields out) {
        out.text("event_id", event.id().value());
        out.text("user_id", event.user().value());
        out.text("event_type", event.type().value());
        out.text("timestamp", IsoTimestamps.format(event.timestamp()));
        out.text("received_at", IsoTimestamps.format(event.receivedAt()));
        if (event.session() != null) {
            out.text("session_id", event.session().value());
        }
        if (event.durationSeconds() != null) {
            out.decimal("duration_seconds", event.durationSeconds());
        }
        EventProperties properties = event.properties();
        if (encodedProperties == null) {
            out.object("event_data", properties.asMap());
        } else {
            out.encodedObject("event_data", properties.asMap(), encodedProperties);
        }
        out.text("source", event.source().value());
        SchemaStamp stamp = event.schema();
        if (stamp.flagged()) {
            out.object(SCHEMA_FIELD, schemaDocument(stamp));
        } else if (stamp.version() != null) {
            CleanStamps clean = CleanStamps.of(stamp.version());
            out.encodedObject(SCHEMA_FIELD, clean.document(), clean.json());
        }
    }

    /** The schema check's findings: {@code {"version": 1, "violations": [{"pointer","keyword","expected","message"}]}}. */
    public static Map<String, Object> schemaDocument(SchemaStamp stamp) {
        Map<String, Object> doc = new LinkedHashMap<>(4);
        if (stamp.version() != null) {
            doc.put("version", stamp.version());
        }
        List<Map<String, Object>> violations = new ArrayList<>(stamp.violations().size());
        for (SchemaViolation violation : stamp.violations()) {
            Map<String, Object> v = new LinkedHashMap<>(8);
            v.put("pointer", violation.pointer());
            v.put("keyword", violation.keyword());
            v.put("expected", violation.expected());
            v.put("message", violation.message());
            violations.add(v);
        }
        doc.put("violations", violations);
        return doc;
    }

    /** Reads {@link #schemaDocument} back; anything unreadable in it counts as no check. */
    public static SchemaStamp schemaStamp(Object value) {
        if (!(value instanceof Map<?, ?> doc)) {
            return SchemaStamp.NONE;
        }
        Integer version = doc.get("version") instanceof Number n && n.intValue() >= 1 ? n.intValue() : null;
        List<SchemaViolation> violations = new ArrayList<>();
        if (doc.get("violations") instanceof List<?> list) {
            for (Object item : list) {
                if (item instanceof Map<?, ?> v) {
                    violations.add(new SchemaViolation(String.valueOf(v.get("pointer")), String.valueOf(v.get("keyword")),
                            String.valueOf(v.get("expected")), String.valueOf(v.get("message"))));
                }
            }
        }
        return new SchemaStamp(version, violations);
    }

    /** Collects fields into a map; the boxed types are those a JSON decoder gives back (Integer, Double). */
    private record MapFields(Map<String, Object> doc) implements DocumentFields {

        @Override
        public void text(String name, String value) {
            doc.put(name, value);
        }

        @Override
        public void integer(String name, int value) {
            doc.put(name, value);
        }

        @Override
        public void decimal(String name, double value) {
            doc.put(name, value);
        }

        @Override
        public void object(String name, Map<String, ?> value) {
            doc.put(name, value);
        }
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
            return new RecordDraft.OfEvent(EventFields.draft(doc, documentBytes, instant(doc.get("received_at")), source(doc, fallback)),
                    schemaStamp(doc.get(SCHEMA_FIELD)));
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

    private static RecordDraft readForeign(Map<String, Object> doc, int documentBytes, EventSource fallback) {
        if (doc.containsKey("event_type") || doc.containsKey("user_id")) {
            return new RecordDraft.OfEvent(EventFields.draft(doc, documentBytes, null, fallback));
        }
        if (doc.containsKey("name") && doc.containsKey("value")) {
            return new RecordDraft.OfMetric(
                    new MetricDraft(null, doc.get("name"), doc.get("value"), doc.get("timestamp"), doc.get("labels"), null));
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
