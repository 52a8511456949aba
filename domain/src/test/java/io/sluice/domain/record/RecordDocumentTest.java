package io.sluice.domain.record;

import static org.assertj.core.api.Assertions.assertThat;

import io.sluice.domain.deadletter.DeadLetter;
import io.sluice.domain.deadletter.DeadLetterReason;
import io.sluice.domain.event.Drafts;
import io.sluice.domain.event.Event;
import io.sluice.domain.event.EventProperties;
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

    /** The consumer validates later than ingress did. */
    private static final Instant LATER = Drafts.NOW.plusSeconds(3_600);
    private static final EventSource FALLBACK = EventSource.FOREIGN_PRODUCER;

    private final EventRules eventRules = new EventRules(new SplittableRandom(1));
    private final MetricRules metricRules = new MetricRules(new SplittableRandom(1));

    /** What an adapter does: write the document, read it back into a fresh mutable map. */
    private static Map<String, Object> throughTheBuffer(BufferedRecord record) {
        return new HashMap<>(RecordDocument.toDocument(record));
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
        Event event = Drafts.event().eventId("evt-9").eventType("Order Completed").userId(42).sessionId("s-1")
                .timestamp("2024-01-15T09:59:59.123456Z").duration(12.5).properties(props).source(new EventSource("segment"))
                .valid();

        Map<String, Object> doc = throughTheBuffer(new BufferedRecord.EventRecord(event));

        assertThat(doc).containsEntry("v", 1).containsEntry("kind", "event").containsEntry("event_id", "evt-9")
                .containsEntry("user_id", "42").containsEntry("event_type", "Order Completed").containsKey("event_data");
        assertThat(revalidated(RecordDocument.fromDocument(doc, 400, FALLBACK))).isEqualTo(event);
    }

    @Test
    void aMinimalEventComesBackEqual() {
        Event event = Drafts.event().valid();
        Map<String, Object> doc = throughTheBuffer(new BufferedRecord.EventRecord(event));

        assertThat(doc).doesNotContainKeys("session_id", "duration_seconds");
        assertThat(revalidated(RecordDocument.fromDocument(doc, 200, FALLBACK))).isEqualTo(event);
    }

    @Test
    void anEventWhosePropertiesIngressAcceptedIsStillValidInItsLargerEnvelope() {
        // Ingress measured the properties alone: 32 700 bytes, under the 32 KB limit.
        String text = "x".repeat(32_680);
        Event event = Drafts.event().properties(Map.of("text", text)).propertiesBytes(32_700).valid();
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
                    RecordDocument.eventDraft(client, clientBytes + 40, null, EventSource.NATIVE), LATER);
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
    void theClientTextOfThePropertiesInUseTravelsWithTheEventButIsNotPartOfItsValue() {
        byte[] propertiesText = "{ \"a\" : 1 }".getBytes(StandardCharsets.UTF_8);
        byte[] eventDataText = "{\"b\":2}".getBytes(StandardCharsets.UTF_8);
        Map<String, byte[]> texts = Map.of("properties", propertiesText, "event_data", eventDataText, "context", new byte[] {'{', '}'});
        Map<String, Object> native_ = new LinkedHashMap<>(Map.of("event_type", "t", "user_id", "u", "properties", Map.of("a", 1)));
        Map<String, Object> seed3 = new LinkedHashMap<>(Map.of("event_type", "t", "user_id", "u", "event_data", Map.of("b", 2)));
        Map<String, Object> notAnObject = new LinkedHashMap<>(Map.of("event_type", "t", "user_id", "u", "properties", "text"));

        assertThat(RecordDocument.eventDraft(native_, 60, null, EventSource.NATIVE, texts::get).encodedProperties()).isSameAs(propertiesText);
        assertThat(RecordDocument.eventDraft(seed3, 60, null, EventSource.NATIVE, texts::get).encodedProperties()).isSameAs(eventDataText);
        assertThat(RecordDocument.eventDraft(notAnObject, 60, null, EventSource.NATIVE, texts::get).encodedProperties()).isNull();
        assertThat(RecordDocument.eventDraft(native_, 60, null, EventSource.NATIVE).encodedProperties()).isNull();

        Validated<Event> validated = eventRules.validate(RecordDocument.eventDraft(native_, 60, null, EventSource.NATIVE, texts::get), LATER);
        Event event = ((Validated.Valid<Event>) validated).value();
        assertThat(event.properties().encoded()).isSameAs(propertiesText);
        assertThat(event.properties()).isEqualTo(EventProperties.of(Map.of("a", 1)));
        // Enrichment changes the values: the client's text no longer describes them.
        assertThat(event.properties().with("flag", true).encoded()).isNull();
        // The map document (the Kafka adapter's path) holds the parsed values either way.
        assertThat(RecordDocument.toDocument(new BufferedRecord.EventRecord(event))).containsEntry("event_data", Map.of("a", 1));
    }

    @Test
    void aMetricSampleComesBackEqual() {
        MetricSample sample = new MetricSample("m-1", new MetricName("cpu_usage"), -0.75, Instant.parse("2024-01-15T09:00:00Z"),
                Drafts.NOW, MetricLabels.of(Map.of("host", "a", "region", "eu")));

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
