package io.sluice.adapters.recordformat;

import static org.assertj.core.api.Assertions.assertThat;

import io.sluice.application.port.out.BufferedRecord;
import io.sluice.application.port.out.RecordDraft;
import io.sluice.domain.deadletter.DeadLetter;
import io.sluice.domain.deadletter.DeadLetterReason;
import io.sluice.domain.event.Event;
import io.sluice.domain.event.EventId;
import io.sluice.domain.event.EventProperties;
import io.sluice.domain.event.EventRules;
import io.sluice.domain.event.EventSource;
import io.sluice.domain.event.EventType;
import io.sluice.domain.event.SchemaStamp;
import io.sluice.domain.event.SchemaViolation;
import io.sluice.domain.event.SessionId;
import io.sluice.domain.event.UserId;
import io.sluice.domain.event.Validated;
import io.sluice.domain.metric.MetricLabels;
import io.sluice.domain.metric.MetricName;
import io.sluice.domain.metric.MetricRules;
import io.sluice.domain.metric.MetricSample;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;

/**
 * Records of envelope version 1 with the exact bytes they are encoded as, in
 * {@code golden/v1/<name>.json} beside this class: compact JSON in UTF-8, fields in document
 * order, characters beyond the BMP as their UTF-8 bytes (the buffer adapters' Jackson setting).
 * A record already in a buffer or a dead-letter payload is read by a later Sluice, so these bytes
 * may only change with a new version. The buffer adapters check their own codecs against them
 * (this class is in the test jar). Records written with the client's text of the properties are
 * not here: Chronicle then copies the client's bytes, which are not canonical.
 */
public final class GoldenRecords {

    /** When the records were accepted. */
    static final Instant ACCEPTED = Instant.parse("2024-01-15T10:00:00.5Z");
    /** When a consumer reads them back: later, as in production. */
    private static final Instant LATER = ACCEPTED.plusSeconds(3_600);

    public record Golden(String name, BufferedRecord record) {

        /** The exact encoded bytes. */
        public byte[] bytes() {
            String resource = "golden/v1/" + name + ".json";
            try (InputStream in = GoldenRecords.class.getResourceAsStream(resource)) {
                if (in == null) {
                    throw new IllegalStateException("no golden file " + resource);
                }
                return in.readAllBytes();
            } catch (IOException unreadable) {
                throw new UncheckedIOException(unreadable);
            }
        }

        @Override
        public String toString() {
            return name;
        }
    }

    private GoldenRecords() {
    }

    public static List<Golden> all() {
        return List.of(
                new Golden("event-plain", event("evt-plain-1", "page_view", "user_42", null, ACCEPTED, null,
                        Map.of("page_url", "/pricing"), EventSource.NATIVE, SchemaStamp.NONE)),
                new Golden("event-segment-message-id", event("ajs-next-1705312799123-4e1f9c0d", "Order Completed", "user_7", "s-1",
                        Instant.parse("2024-01-15T09:59:59.123456Z"), 12.5,
                        ordered("revenue", 149.99, "currency", "EUR",
                                "_segment", ordered("type", "track", "anonymousId", "anon-1", "sentAt", "2024-01-15T10:00:00Z")),
                        new EventSource("segment"), SchemaStamp.NONE)),
                new Golden("event-unicode-names", event("evt-unicode-1", "café ☕", "ユーザー", null, ACCEPTED, null,
                        ordered("\uD83D\uDE80 launch", "décollage \uD83C\uDF19", "名前", "値", "quote\"d\\", "line\nbreak\t\u0001"),
                        EventSource.NATIVE, SchemaStamp.NONE)),
                new Golden("event-nested", event("evt-nested-1", "checkout", "user_42", null, ACCEPTED, 0.0,
                        ordered("cart", ordered("items", List.of(ordered("sku", "A-1", "qty", 2), "gift", List.of(1, 2.5, -3)),
                                "total", 149.99, "coupon", null, "paid", true, "big", 9_007_199_254_740_993L, "views", 1.0e9),
                                "empty", Map.of(), "none", List.of()),
                        EventSource.NATIVE, SchemaStamp.NONE)),
                new Golden("event-schema-warned", event("evt-schema-1", "purchase", "user_42", null, ACCEPTED, null,
                        ordered("amount", "12,00"), EventSource.NATIVE,
                        new SchemaStamp(3, List.of(new SchemaViolation("/amount", "type", "\"number\"", "string found, number expected"))))),
                new Golden("metric", new BufferedRecord.MetricRecord(new MetricSample("m-1", new MetricName("cpu_usage"), -0.75,
                        Instant.parse("2024-01-15T09:00:00Z"), ACCEPTED, MetricLabels.of(Map.of("host", "a", "region", "eu"))))),
                new Golden("dead-letter", new BufferedRecord.RejectedRecord(new DeadLetter(DeadLetterReason.INVALID,
                        "user_id: is required", "{\"event_type\":\"x\"}\n\u0000\u00ff".getBytes(StandardCharsets.ISO_8859_1),
                        "POST /v1/events", new EventSource("track"), "evt-3", ACCEPTED, 3))));
    }

    /**
     * Checks that a draft read back from a golden record's bytes is that record again: validated
     * anew, as the consumer does, it gives back an equal event or sample; a dead letter is equal.
     */
    public static void assertReadBack(RecordDraft draft, BufferedRecord expected) {
        if (expected instanceof BufferedRecord.EventRecord event) {
            assertThat(draft).isInstanceOf(RecordDraft.OfEvent.class);
            RecordDraft.OfEvent read = (RecordDraft.OfEvent) draft;
            Validated<Event> validated = new EventRules(new SplittableRandom(1)).validate(read.draft(), LATER);
            assertThat(validated).isInstanceOf(Validated.Valid.class);
            assertThat(((Validated.Valid<Event>) validated).value().withSchema(read.schema())).isEqualTo(event.event());
        } else if (expected instanceof BufferedRecord.MetricRecord sample) {
            assertThat(draft).isInstanceOf(RecordDraft.OfMetric.class);
            assertThat(new MetricRules(new SplittableRandom(1)).validate(((RecordDraft.OfMetric) draft).draft(), LATER))
                    .isEqualTo(Validated.valid(sample.sample()));
        } else {
            DeadLetter letter = ((BufferedRecord.RejectedRecord) expected).deadLetter();
            assertThat(draft).isInstanceOf(RecordDraft.OfDeadLetter.class);
            DeadLetter read = ((RecordDraft.OfDeadLetter) draft).deadLetter();
            assertThat(read).isEqualTo(letter);
            assertThat(Arrays.equals(read.payload(), letter.payload())).isTrue();
        }
    }

    private static BufferedRecord event(String id, String type, String user, String session, Instant timestamp, Double duration,
                                        Map<String, Object> properties, EventSource source, SchemaStamp schema) {
        return new BufferedRecord.EventRecord(new Event(new EventId(id), new EventType(type), new UserId(user),
                session == null ? null : new SessionId(session), timestamp, ACCEPTED, duration, EventProperties.of(properties), source,
                schema));
    }

    /** A map in the order given (JSON object order is part of the bytes). */
    private static Map<String, Object> ordered(Object... keysAndValues) {
        Map<String, Object> map = new LinkedHashMap<>();
        for (int i = 0; i < keysAndValues.length; i += 2) {
            map.put((String) keysAndValues[i], keysAndValues[i + 1]);
        }
        return map;
    }
}
