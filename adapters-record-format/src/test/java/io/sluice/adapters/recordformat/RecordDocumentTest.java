package io.sluice.adapters.recordformat;

import static org.assertj.core.api.Assertions.assertThat;

import io.sluice.domain.deadletter.DeadLetter;
import io.sluice.domain.deadletter.DeadLetterReason;
import io.sluice.domain.event.Event;
import io.sluice.application.port.out.BufferedRecord;
import io.sluice.application.port.out.RecordDraft;
import io.sluice.domain.event.EventDraft;
import io.sluice.domain.event.EventFields;
import io.sluice.domain.event.EventRules;
import io.sluice.domain.event.EventSource;
import io.sluice.domain.event.Validated;
import io.sluice.domain.metric.MetricLabels;
import io.sluice.domain.metric.MetricName;
import io.sluice.domain.metric.MetricRules;
import io.sluice.domain.metric.MetricSample;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

class RecordDocumentTest {

    private static final Instant NOW = Instant.parse("2024-01-15T10:00:00Z");
    /** The consumer validates later than ingress did. */
    private static final Instant LATER = NOW.plusSeconds(3_600);
    private static final EventSource FALLBACK = EventSource.FOREIGN_PRODUCER;

    private final EventRules eventRules = new EventRules(new SplittableRandom(1));
    private final MetricRules metricRules = new MetricRules(new SplittableRandom(1));

    /** What an adapter does: write the document, read it back into a fresh mutable map. */
    private static Map<String, Object> throughTheBuffer(BufferedRecord record) {
        return new HashMap<>(RecordDocument.toDocument(record));
    }

    /** An event as ingress accepted it at {@link #NOW}. */
    private static Event accepted(Object eventId, Object sessionId, Object timestamp, Object duration, Object properties,
                                  int propertiesBytes, EventSource source) {
        EventDraft draft = new EventDraft(eventId, "page_view", "user_42", sessionId, timestamp, duration, properties, null,
                propertiesBytes, null, source);
        return ((Validated.Valid<Event>) new EventRules(new SplittableRandom(7)).validate(draft, NOW)).value();
    }

    private Event revalidated(RecordDraft draft) {
        assertThat(draft).isInstanceOf(RecordDraft.OfEvent.class);
        Validated<Event> validated = eventRules.validate(((RecordDraft.OfEvent) draft).draft(), LATER);
        assertThat(validated).isInstanceOf(Validated.Valid.class);
        return ((Validated.Valid<Event>) validated).value();
    }

    @Test
    void anEventComesBackEqual() {
        Map<String, Object> props = new LinkedHashMap<>();
        props.put("amount", 149.99);
        props.put("items", List.of(Map.of("sku", "A-1", "qty", 2), "gift"));
        props.put("coupon", null);
        Event event = accepted("evt-9", "s-1", "2024-01-15T09:59:59.123456Z", 12.5, props, 0, new EventSource("segment"));

        Map<String, Object> doc = throughTheBuffer(new BufferedRecord.EventRecord(event));

        assertThat(doc).containsEntry("v", 1).containsEntry("kind", "event").containsEntry("event_id", "evt-9")
                .containsEntry("user_id", "user_42").containsEntry("event_type", "page_view").containsKey("event_data");
        assertThat(revalidated(RecordDocument.fromDocument(doc, 400, FALLBACK))).isEqualTo(event);
    }

    @Test
    void aMinimalEventComesBackEqual() {
        Event event = accepted("evt-1", null, null, null, null, 0, EventSource.NATIVE);
        Map<String, Object> doc = throughTheBuffer(new BufferedRecord.EventRecord(event));

        assertThat(doc).doesNotContainKeys("session_id", "duration_seconds");
        assertThat(revalidated(RecordDocument.fromDocument(doc, 200, FALLBACK))).isEqualTo(event);
    }

    @Test
    void anEventWhosePropertiesIngressAcceptedIsStillValidInItsLargerEnvelope() {
        // Ingress measured the properties alone: 32 700 bytes, under the 32 KB limit.
        String text = "x".repeat(32_680);
        Event event = accepted("evt-1", null, null, null, Map.of("text", text), 32_700, EventSource.NATIVE);
        Map<String, Object> doc = throughTheBuffer(new BufferedRecord.EventRecord(event));

        // The whole envelope is larger than the limit; the properties inside it are not.
        assertThat(revalidated(RecordDocument.fromDocument(doc, 33_050, FALLBACK))).isEqualTo(event);
    }

    /**
     * Issue 13, finding 5: 32 700 client bytes of {@code 1e9} numbers were 202 at ingress and
     * "event_data must be at most 32768 bytes (got 32831)" in the consumer. Both now measure the
     * parsed values, so they give the same figure and the same verdict.
     */
    @Test
    void ingressAndTheConsumerMeasureTheSamePropertiesTheSame() {
        for (int numbers : new int[] {5_400, 5_500, 8_170}) {
            Map<String, Object> properties = Map.of("n", java.util.Collections.nCopies(numbers, 1.0e9));
            int clientBytes = "{\"n\":[]}".length() + numbers * 4 - 1;
            Map<String, Object> client = new LinkedHashMap<>(Map.of("event_type", "t", "user_id", "u", "properties", properties));
            Validated<Event> atIngress = eventRules.validate(
                    EventFields.draft(client, clientBytes + 40, null, EventSource.NATIVE), LATER);
            Map<String, Object> buffered = new LinkedHashMap<>(Map.of("v", 1, "kind", "event", "event_id", "e", "user_id", "u",
                    "event_type", "t", "timestamp", "2024-01-15T10:00:00Z", "received_at", "2024-01-15T10:00:00Z",
                    "event_data", properties));
            Validated<Event> atConsumer = eventRules.validate(
                    ((RecordDraft.OfEvent) RecordDocument.fromDocument(buffered, clientBytes + 200, FALLBACK)).draft(), LATER);
            assertThat(atConsumer.getClass()).as("%d numbers", numbers).isEqualTo(atIngress.getClass());
            if (atIngress instanceof Validated.Invalid<Event> invalid) {
                assertThat(((Validated.Invalid<Event>) atConsumer).violations().get(0).message())
                        .isEqualTo(invalid.violations().get(0).message());
            }
        }
    }

    @Test
    void propertiesOverTheLimitAreStillRejectedFromADocument() {
        Map<String, Object> doc = new HashMap<>(Map.of("event_id", "e", "user_id", "u", "event_type", "t",
                "event_data", Map.of("text", "é".repeat(17_000))));
        RecordDraft draft = RecordDocument.fromDocument(doc, 34_100, FALLBACK);

        Validated<Event> validated = eventRules.validate(((RecordDraft.OfEvent) draft).draft(), LATER);
        assertThat(validated).isInstanceOf(Validated.Invalid.class);
        assertThat(((Validated.Invalid<Event>) validated).violations()).singleElement()
                .satisfies(v -> assertThat(v.field()).isEqualTo("event_data"));
    }

    @Test
    void theClientTextOfThePropertiesIsWhatAStreamingEncoderIsOfferedButTheMapDocumentHoldsTheValues() {
        Event event = accepted("evt-1", null, null, null, Map.of("a", 1), 0, EventSource.NATIVE);
        byte[] clientText = "{ \"a\" : 1 }".getBytes(StandardCharsets.UTF_8);
        Map<String, byte[]> offered = new HashMap<>();
        RecordDocument.write(new BufferedRecord.EventRecord(event, clientText), new DocumentFields() {
            @Override
            public void text(String name, String value) {
            }

            @Override
            public void integer(String name, int value) {
            }

            @Override
            public void decimal(String name, double value) {
            }

            @Override
            public void object(String name, Map<String, ?> value) {
            }

            @Override
            public void encodedObject(String name, Map<String, ?> value, byte[] utf8Json) {
                offered.put(name, utf8Json);
            }
        });

        assertThat(offered).containsOnlyKeys("event_data");
        assertThat(offered.get("event_data")).isSameAs(clientText);
        // The map document (the Kafka adapter's path) holds the parsed values either way.
        assertThat(RecordDocument.toDocument(new BufferedRecord.EventRecord(event, clientText))).containsEntry("event_data", Map.of("a", 1));
    }

    @Test
    void aMetricSampleComesBackEqual() {
        MetricSample sample = new MetricSample("m-1", new MetricName("cpu_usage"), -0.75, Instant.parse("2024-01-15T09:00:00Z"),
                NOW, MetricLabels.of(Map.of("host", "a", "region", "eu")));

        Map<String, Object> doc = throughTheBuffer(new BufferedRecord.MetricRecord(sample));
        RecordDraft draft = RecordDocument.fromDocument(doc, 200, FALLBACK);

        assertThat(draft).isInstanceOf(RecordDraft.OfMetric.class);
        Validated<MetricSample> validated = metricRules.validate(((RecordDraft.OfMetric) draft).draft(), LATER);
        assertThat(validated).isEqualTo(Validated.valid(sample));
    }

    @Test
    void aDeadLetterComesBackEqual() {
        for (String eventId : new String[] {"evt-3", null}) {
            DeadLetter letter = new DeadLetter(DeadLetterReason.INVALID, "user_id: is required",
                    "{\"event_type\":\"x\"}\n\u0000\u00ff".getBytes(StandardCharsets.ISO_8859_1), "POST /v1/events",
                    new EventSource("track"), eventId, Instant.parse("2024-01-15T10:00:00.5Z"), 3);

            RecordDraft draft = RecordDocument.fromDocument(throughTheBuffer(new BufferedRecord.RejectedRecord(letter)), 300, FALLBACK);

            assertThat(draft).isEqualTo(new RecordDraft.OfDeadLetter(letter));
        }
    }

    @Test
    void aSeedThreeProducersEventIsReadAsAnEventOfTheFallbackSource() {
        Map<String, Object> seed = new HashMap<>();
        seed.put("event_id", "page_view_1705312800000_1234");
        seed.put("user_id", "user_42");
        seed.put("event_type", "page_view");
        seed.put("timestamp", "2024-01-15T10:00:00.000Z");
        seed.put("event_data", Map.of("session_id", "session_12345", "page_url", "/page/home", "referrer", "google.com"));
        seed.put("duration_seconds", 2.5);

        Event event = revalidated(RecordDocument.fromDocument(seed, 250, FALLBACK));

        assertThat(event.id().value()).isEqualTo("page_view_1705312800000_1234");
        assertThat(event.timestamp()).isEqualTo(Instant.parse("2024-01-15T10:00:00Z"));
        assertThat(event.receivedAt()).isEqualTo(LATER);
        assertThat(event.durationSeconds()).isEqualTo(2.5);
        assertThat(event.properties().get("page_url")).isEqualTo("/page/home");
        assertThat(event.source()).isEqualTo(FALLBACK);
    }

    @Test
    void aForeignMetricSampleIsReadAsAMetric() {
        RecordDraft draft = RecordDocument.fromDocument(Map.of("name", "cpu", "value", 1.5), 30, FALLBACK);
        assertThat(draft).isInstanceOf(RecordDraft.OfMetric.class);
        assertThat(((RecordDraft.OfMetric) draft).draft().name()).isEqualTo("cpu");
    }

    @Test
    void aForeignInvalidEventIsStillAnEventDraftSoItCanBeDeadLetteredAsInvalid() {
        RecordDraft draft = RecordDocument.fromDocument(Map.of("user_id", "u"), 20, FALLBACK);
        assertThat(draft).isInstanceOf(RecordDraft.OfEvent.class);
        assertThat(eventRules.validate(((RecordDraft.OfEvent) draft).draft(), LATER)).isInstanceOf(Validated.Invalid.class);
    }

    @Test
    void whatIsNeitherIsUnreadable() {
        assertThat(RecordDocument.fromDocument(Map.of("hello", "world"), 20, FALLBACK)).isInstanceOf(RecordDraft.Unreadable.class);
    }

    @Test
    void anUnknownVersionOrKindIsUnreadable() {
        assertThat(RecordDocument.fromDocument(Map.of("v", 2, "kind", "event", "event_type", "x", "user_id", "u"), 50, FALLBACK))
                .isInstanceOfSatisfying(RecordDraft.Unreadable.class, u -> assertThat(u.reason()).contains("version"));
        assertThat(RecordDocument.fromDocument(Map.of("v", "1", "kind", "event"), 50, FALLBACK))
                .isInstanceOf(RecordDraft.Unreadable.class);
        assertThat(RecordDocument.fromDocument(Map.of("v", 1, "kind", "trace"), 50, FALLBACK))
                .isInstanceOfSatisfying(RecordDraft.Unreadable.class, u -> assertThat(u.reason()).contains("trace"));
        assertThat(RecordDocument.fromDocument(Map.of("v", 1), 50, FALLBACK)).isInstanceOf(RecordDraft.Unreadable.class);
    }

    @Test
    void aBrokenDeadLetterIsUnreadable() {
        assertThat(RecordDocument.fromDocument(Map.of("v", 1, "kind", "dead_letter", "reason", "bored", "payload_base64", "",
                "detail", "d", "origin", "o"), 50, FALLBACK)).isInstanceOf(RecordDraft.Unreadable.class);
        assertThat(RecordDocument.fromDocument(Map.of("v", 1, "kind", "dead_letter", "reason", "invalid", "payload_base64", "!!!",
                "detail", "d", "origin", "o"), 50, FALLBACK)).isInstanceOf(RecordDraft.Unreadable.class);
    }
}
