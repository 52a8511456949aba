package io.sluice.adapters.http;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import io.sluice.application.port.in.Incoming;
import io.sluice.domain.event.EventDraft;
import io.sluice.domain.event.EventSource;
import io.sluice.domain.event.EventFields;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
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
 * Reading a batch body into native drafts, as {@code POST /v1/events} does: the batch of the load
 * harness (bench/wrk/batch-100.json, 100 events), field by field with the properties' text kept
 * ({@link JsonItems#read}), against reading each item as a map in one go without it (the code
 * before; the reference). Run with {@code bench/jmh JsonItemsBenchmark}.
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
@Warmup(iterations = 3, time = 2)
@Measurement(iterations = 5, time = 2)
@Fork(1)
public class JsonItemsBenchmark {

    private static final JsonItems.DraftReader<EventDraft> NATIVE =
            (document, size, objectTexts) -> EventFields.draft(document, size, null, EventSource.NATIVE, objectTexts);

    private RequestBody body;

    @Setup
    public void setUp() throws IOException {
        Path batch = Path.of(System.getProperty("sluice.root", "."), "bench/wrk/batch-100.json");
        body = RequestBody.of(Files.readAllBytes(batch));
    }

    @Benchmark
    public List<Incoming<EventDraft>> readBatch() {
        return JsonItems.read(body, BodyFormat.JSON, NATIVE);
    }

    @Benchmark
    public List<Incoming<EventDraft>> readBatchAsMaps() throws IOException {
        byte[] bytes = body.bytes();
        List<Incoming<EventDraft>> items = new ArrayList<>();
        try (JsonParser parser = JsonCodec.utf8Parser(bytes, 0, body.length())) {
            parser.nextToken();
            while (parser.nextToken() == JsonToken.START_OBJECT) {
                int start = (int) parser.currentTokenLocation().getByteOffset();
                Map<String, Object> document = JsonCodec.MAP_READER.readValue(parser);
                byte[] raw = Arrays.copyOfRange(bytes, start, (int) parser.currentLocation().getByteOffset());
                items.add(new Incoming.Parsed<>(EventFields.draft(document, raw.length, null, EventSource.NATIVE), raw));
            }
        }
        return items;
    }
}
