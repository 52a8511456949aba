package io.sluice.adapters.chronicle;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.json.JsonWriteFeature;
import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.sluice.domain.deadletter.DeadLetter;
import io.sluice.domain.deadletter.DeadLetterReason;
import io.sluice.domain.event.Event;
import io.sluice.domain.event.EventId;
import io.sluice.domain.event.EventProperties;
import io.sluice.domain.event.EventSource;
import io.sluice.domain.event.EventType;
import io.sluice.domain.event.SessionId;
import io.sluice.domain.event.UserId;
import io.sluice.domain.metric.MetricLabels;
import io.sluice.domain.event.SchemaStamp;
import io.sluice.domain.event.SchemaViolation;
import io.sluice.domain.metric.MetricName;
import io.sluice.domain.metric.MetricSample;
import io.sluice.application.port.out.BufferedRecord;
import io.sluice.adapters.recordformat.RecordDocument;
import java.math.BigDecimal;
import java.math.BigInteger;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

/**
 * The entry encoding streams documents without building maps; the bytes must stay those of Jackson
 * serializing {@link RecordDocument#toDocument}, the contract the readers (and seed 003's tools on
 * the Kafka side) were written against.
 */
class StreamedDocumentTest {

    private static final Instant AT = Instant.parse("2026-03-01T10:15:30.123456789Z");
    private static final String TRICKY_CHARACTERS = "aZ09 \"\\/\b\f\n\r\t\u0000\u001f\u007fé€𝄞\u2028";

    // Jackson as the codec configures it: characters beyond the BMP as their UTF-8 bytes (EntryCodecRoundTripTest says why).
    private static final ObjectMapper COMPACT = new ObjectMapper(JsonFactory.builder()
            .enable(JsonWriteFeature.COMBINE_UNICODE_SURROGATES_IN_UTF8).build());

    private final ObjectMapper mapper = new ObjectMapper();
    private final EntryCodec codec = new EntryCodec("test");

    @Test
    void randomEventsEncodeToTheBytesOfTheirMapDocuments() throws Exception {
        SplittableRandom random = new SplittableRandom(20261122);
        for (int round = 0; round < 2_000; round++) {
            List<BufferedRecord> records = new ArrayList<>();
            for (int n = random.nextInt(1, 6); n > 0; n--) {
                records.add(randomEvent(random));
            }
            assertThat(new String(codec.encodeBody(records), UTF_8)).isEqualTo(viaMaps(records));
        }
    }

    @Test
    void metricsAndDeadLettersEncodeToTheBytesOfTheirMapDocuments() throws Exception {
        List<BufferedRecord> records = List.of(
                new BufferedRecord.MetricRecord(new MetricSample("m-1", new MetricName("cpu.load"), 0.75, AT, AT,
                        MetricLabels.of(Map.of("host", "a\"b")))),
                new BufferedRecord.MetricRecord(new MetricSample("m-2", new MetricName("requests"), 1e21, AT, AT, MetricLabels.of(Map.of()))),
                new BufferedRecord.RejectedRecord(new DeadLetter(DeadLetterReason.MALFORMED, "not JSON", new byte[] {0, 1, (byte) 255},
                        "POST /v1/events", EventSource.NATIVE, "evt-1", AT, 2)),
                new BufferedRecord.RejectedRecord(new DeadLetter(DeadLetterReason.MALFORMED, "no id", new byte[0],
                        "POST /track", EventSource.NATIVE, null, AT, 1)));

        assertThat(new String(codec.encodeBody(records), UTF_8)).isEqualTo(viaMaps(records));
    }

    /**
     * Properties that carry the client's JSON text are written as that text (whitespace, escapes and
     * number spelling as sent), and decode to the same document as the map path.
     */
    @Test
    void propertiesWithTheirClientTextAreWrittenAsThatText() throws Exception {
        String clientText = "{ \"page\" : \"/caf\\u00e9\",\t\"n\": 1.50, \"big\": 12345678901234567890, \"x\": [ ] }";
        Map<String, Object> parsed = mapper.readValue(clientText, new TypeReference<Map<String, Object>>() { });
        Event event = new Event(new EventId("evt-1"), new EventType("page_view"), new UserId("u-1"), null, AT, AT, 2.5,
                EventProperties.of(parsed), EventSource.NATIVE);
        List<BufferedRecord> records = List.of(new BufferedRecord.EventRecord(event, clientText.getBytes(UTF_8)));

        String encoded = new String(codec.encodeBody(records), UTF_8);

        assertThat(encoded).contains("\"event_data\":" + clientText + ",\"source\"");
        assertThat(mapper.readTree(encoded)).isEqualTo(mapper.readTree(viaMaps(List.of(new BufferedRecord.EventRecord(event)))));
    }

    private String viaMaps(List<BufferedRecord> records) throws Exception {
        List<Map<String, Object>> documents = new ArrayList<>();
        for (BufferedRecord record : records) {
            documents.add(RecordDocument.toDocument(record));
        }
        // As bytes, the way the entries were written before: Jackson's byte and char generators differ in escaping.
        return new String(COMPACT.writeValueAsBytes(documents), UTF_8);
    }

    private static BufferedRecord randomEvent(SplittableRandom random) {
        Map<String, Object> properties = randomObject(random, 0);
        Double duration = random.nextBoolean() ? null : random.nextDouble() * Math.pow(10, random.nextInt(-8, 12));
        SessionId session = random.nextBoolean() ? null : new SessionId("s-" + random.nextInt());
        return new BufferedRecord.EventRecord(new Event(new EventId("evt-" + random.nextLong()), new EventType("type-" + random.nextInt(50)),
                new UserId("user-" + random.nextInt(1_000)), session, AT, AT.plusNanos(random.nextInt(1_000_000_000)), duration,
                EventProperties.of(properties), EventSource.NATIVE).withSchema(randomStamp(random)), randomText(random, properties));
    }

    /** No check, a pass (versions with and without a prepared document) or a pass with violations (warn). */
    private static SchemaStamp randomStamp(SplittableRandom random) {
        switch (random.nextInt(4)) {
            case 0: return SchemaStamp.NONE;
            case 1: return new SchemaStamp(random.nextInt(1, 70), List.of());
            case 2: return new SchemaStamp(random.nextInt(1, 100_000), List.of());
            default:
                return new SchemaStamp(random.nextBoolean() ? null : random.nextInt(1, 70),
                        List.of(new SchemaViolation("/" + text(random), "type", "\"number\"", text(random))));
        }
    }

    /** Half of them carry their text (as a client that sent compact JSON), which must not change a byte. */
    private static byte[] randomText(SplittableRandom random, Map<String, Object> properties) {
        try {
            return random.nextBoolean() || properties.isEmpty() ? null : COMPACT.writeValueAsBytes(properties);
        } catch (com.fasterxml.jackson.core.JsonProcessingException impossible) {
            throw new AssertionError(impossible);
        }
    }

    private static Map<String, Object> randomObject(SplittableRandom random, int depth) {
        Map<String, Object> object = new LinkedHashMap<>();
        for (int n = random.nextInt(depth == 0 ? 0 : 1, 7); n > 0; n--) {
            object.put(text(random), randomValue(random, depth + 1));
        }
        return object;
    }

    private static Object randomValue(SplittableRandom random, int depth) {
        switch (random.nextInt(depth >= 4 ? 10 : 12)) {
            case 0: return null;
            case 1: return text(random);
            case 2: return random.nextInt();
            case 3: return random.nextLong();
            case 4: return random.nextDouble() * Math.pow(10, random.nextInt(-20, 25)) * (random.nextBoolean() ? 1 : -1);
            case 5: return random.nextBoolean();
            case 6: return new BigInteger(80, new java.util.Random(random.nextLong()));
            case 7: return new BigDecimal(random.nextLong()).scaleByPowerOfTen(random.nextInt(-30, 30));
            case 8: return (float) random.nextDouble();
            case 9: return (short) random.nextInt(-30_000, 30_000);
            case 10: return randomObject(random, depth);
            default:
                List<Object> list = new ArrayList<>();
                for (int n = random.nextInt(0, 5); n > 0; n--) {
                    list.add(randomValue(random, depth + 1));
                }
                return list;
        }
    }

    private static String text(SplittableRandom random) {
        StringBuilder text = new StringBuilder();
        for (int n = random.nextInt(0, 12); n > 0; n--) {
            int at = random.nextInt(TRICKY_CHARACTERS.length());
            char c = TRICKY_CHARACTERS.charAt(at);
            // Keep surrogate pairs whole: a lone surrogate is not text the domain accepts.
            if (Character.isHighSurrogate(c)) {
                text.append(c).append(TRICKY_CHARACTERS.charAt(at + 1));
            } else if (!Character.isLowSurrogate(c)) {
                text.append(c);
            }
        }
        return text.toString();
    }
}
