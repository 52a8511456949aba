package io.sluice.adapters.chronicle;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.ObjectReader;
import io.sluice.domain.event.Event;
import io.sluice.domain.event.EventDraft;
import io.sluice.domain.event.EventFields;
import io.sluice.domain.event.EventRules;
import io.sluice.domain.event.EventSource;
import io.sluice.domain.event.Validated;
import io.sluice.application.port.out.BufferedRecord;
import io.sluice.adapters.recordformat.RecordDocument;
import io.sluice.application.port.out.RecordDraft;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;

/**
 * The per-event CPU work of ingress and of the consumer's decode, with the same libraries and
 * domain calls as the production path: the HTTP adapter's parse (Jackson: body bytes to a map of
 * JDK types, then {@link EventFields#draft}), validation ({@link EventRules#validate}),
 * and the Chronicle entry encoding ({@link EntryCodec#encodeBody}, the reason this benchmark lives in
 * the adapter's package, with the earlier map-then-Jackson encoding as its reference); and on the way out, the entry decode
 * ({@link RecordDocument#fromDocument}) and re-validation the consumer does. One ~300-byte event.
 * (The HTTP adapter's classes are package-private and its pom is not this module's to change, so
 * its three calls are repeated here.) Run with {@code bench/jmh IngestPathBenchmark}.
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Warmup(iterations = 3, time = 2)
@Measurement(iterations = 5, time = 2)
@Fork(1)
public class IngestPathBenchmark {

    private static final TypeReference<Map<String, Object>> MAP = new TypeReference<>() {
    };
    private static final byte[] BODY = ("{\"user_id\":\"user_4711\",\"event_type\":\"page_view\",\"session_id\":\"session_4711_12\","
            + "\"duration_seconds\":12.5,\"properties\":{\"page_url\":\"/pricing\",\"referrer\":\"google.com\","
            + "\"user_agent\":\"Mozilla/5.0 (X11; Linux x86_64)\",\"campaign\":\"autumn-2025\",\"ab_bucket\":\"b\","
            + "\"screen\":\"1920x1080\",\"locale\":\"en-US\"}}").getBytes(StandardCharsets.UTF_8);
    /** The same event with a client timestamp, as the simulate command and most SDKs send it. */
    private static final byte[] BODY_WITH_TIMESTAMP = ("{\"user_id\":\"user_4711\",\"event_type\":\"page_view\","
            + "\"session_id\":\"session_4711_12\",\"timestamp\":\"2025-11-21T10:15:29.871Z\",\"duration_seconds\":12.5,"
            + "\"properties\":{\"page_url\":\"/pricing\",\"referrer\":\"google.com\",\"user_agent\":\"Mozilla/5.0 (X11; Linux x86_64)\","
            + "\"campaign\":\"autumn-2025\",\"ab_bucket\":\"b\",\"locale\":\"en-US\"}}").getBytes(StandardCharsets.UTF_8);

    private final ObjectMapper mapper = new ObjectMapper();
    private final ObjectReader mapReader = mapper.readerFor(MAP);
    private final EventRules rules = new EventRules(new SplittableRandom(7));
    private final Instant now = Instant.parse("2025-11-21T10:15:30.123Z");
    private final EntryCodec codec = new EntryCodec("bench");
    private byte[] entryDocument;
    private Event event;
    private byte[] clientText;

    @Setup
    public void setUp() throws IOException {
        event = validate(parse(BODY_WITH_TIMESTAMP));
        entryDocument = encode(event);
        clientText = mapper.writeValueAsBytes(event.properties().asMap());
    }

    private EventDraft parse(byte[] body) throws IOException {
        try (JsonParser parser = mapper.createParser(body)) {
            parser.nextToken();
            Map<String, Object> document = mapReader.readValue(parser);
            return EventFields.draft(document, body.length, null, EventSource.NATIVE);
        }
    }

    private Event validate(EventDraft draft) {
        if (rules.validate(draft, now) instanceof Validated.Valid<Event> valid) {
            return valid.value();
        }
        throw new IllegalStateException("benchmark event is invalid");
    }

    private byte[] encode(Event event) {
        return codec.encodeBody(List.of(new BufferedRecord.EventRecord(event)));
    }

    /** Ingress per event: parse, validate, encode for the buffer (bench/wrk/event.json: no client timestamp). */
    @Benchmark
    public byte[] parseValidateEncode() throws IOException {
        return encode(validate(parse(BODY)));
    }

    /** The same with a client timestamp, which validation parses. */
    @Benchmark
    public byte[] parseValidateEncodeWithTimestamp() throws IOException {
        return encode(validate(parse(BODY_WITH_TIMESTAMP)));
    }

    /** Encoding one event for the buffer, as ingress does (streamed from the domain's document fields). */
    @Benchmark
    public byte[] encodeOnly() {
        return encode(event);
    }

    /**
     * Encoding one event whose record carries the client's JSON text of its properties, as the
     * native routes hand them over: the text is copied instead of the map being encoded.
     */
    @Benchmark
    public byte[] encodeOnlyWithClientText() {
        return codec.encodeBody(List.of(new BufferedRecord.EventRecord(event, clientText)));
    }

    /** The reference for {@link #encodeOnly}: the document as a map, then Jackson, as ingress did before. */
    @Benchmark
    public byte[] encodeViaMap() throws IOException {
        return mapper.writeValueAsBytes(List.of(RecordDocument.toDocument(new BufferedRecord.EventRecord(event))));
    }

    /** Parse only (Jackson to JDK types, then the domain's draft). */
    @Benchmark
    public EventDraft parseOnly() throws IOException {
        return parse(BODY);
    }

    /** One ISO-8601 timestamp through the domain's parser: done once per event at ingress, twice in the consumer. */
    @Benchmark
    public Instant timestampParse() {
        return EventRules.parseIsoInstantOrNull("2025-11-21T10:15:29.871Z");
    }

    /** The reference for {@link #timestampParse}: what the domain's parser did before its hand-written path for {@code …Z}. */
    @Benchmark
    public Instant timestampParseJavaTime() {
        return OffsetDateTime.parse("2025-11-21T10:15:29.871Z").toInstant();
    }

    /** The consumer per event: decode the buffer document and validate again. */
    @Benchmark
    public Event decodeValidate() throws IOException {
        List<Map<String, Object>> documents = mapper.readValue(entryDocument, new TypeReference<List<Map<String, Object>>>() {
        });
        RecordDraft draft = RecordDocument.fromDocument(documents.get(0), entryDocument.length, EventSource.NATIVE);
        return validate(((RecordDraft.OfEvent) draft).draft());
    }
}
