package io.sluice.adapters.postgres.bench;

import io.sluice.adapters.postgres.EmbeddedPostgresServer;
import io.sluice.adapters.postgres.Migrations;
import io.sluice.adapters.postgres.PostgresStore;
import io.sluice.application.port.out.BufferPosition;
import io.sluice.application.port.out.ConsumerGroup;
import io.sluice.application.port.out.Offset;
import io.sluice.application.port.out.StorableBatch;
import io.sluice.application.port.out.StoreReport;
import io.sluice.application.port.out.StreamName;
import io.sluice.domain.event.Event;
import io.sluice.domain.event.EventDraft;
import io.sluice.domain.event.EventRules;
import io.sluice.domain.event.EventSource;
import io.sluice.domain.event.Validated;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.jdbi.v3.core.Jdbi;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Warmup;

/**
 * The consumer's database write: {@link PostgresStore#store} of one batch of new events (encoding
 * into column arrays, raw rows, minute/hour aggregates with exact unique users, the position) in
 * one transaction, on an embedded PostgreSQL with the embedded default's durable settings. Each
 * invocation stores fresh events (new ids, timestamps within the current two minutes, 10,000
 * users), so nothing is deduplicated away. Events per second = batchSize / the reported time.
 * Run with {@code bench/jmh StoreBatchBenchmark}.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MILLISECONDS)
@Warmup(iterations = 3, time = 5)
@Measurement(iterations = 5, time = 5)
@Fork(1)
public class StoreBatchBenchmark {

    private static final String[] TYPES = {"page_view", "click", "search", "login", "logout", "purchase"};
    private static final ConsumerGroup GROUP = new ConsumerGroup("bench");
    private static final StreamName EVENTS = new StreamName("events");

    @Param({"5000"})
    int batchSize;

    private Path directory;
    private EmbeddedPostgresServer server;
    private PostgresStore store;
    private final EventRules rules = new EventRules(new SplittableRandom(7));
    private final SplittableRandom random = new SplittableRandom(11);
    private long sequence;
    private StorableBatch next;

    @Setup(Level.Trial)
    public void start() throws IOException {
        directory = Files.createTempDirectory("store-benchmark");
        server = EmbeddedPostgresServer.start(directory.resolve("pg"), 0, EmbeddedPostgresServer.Durability.DURABLE);
        Migrations.apply(server.dataSource());
        store = new PostgresStore(Jdbi.create(server.dataSource()));
    }

    @Setup(Level.Invocation)
    public void nextBatch() {
        Instant now = Instant.now();
        List<Event> events = new ArrayList<>(batchSize);
        for (int i = 0; i < batchSize; i++, sequence++) {
            Map<String, Object> properties = new LinkedHashMap<>();
            properties.put("page_url", "/p/" + random.nextInt(500));
            properties.put("referrer", "google.com");
            properties.put("user_agent", "Mozilla/5.0 (X11; Linux x86_64)");
            EventDraft draft = new EventDraft("bench-" + sequence, TYPES[random.nextInt(TYPES.length)], "user_" + random.nextInt(10_000),
                    "session_" + sequence / 50, now.minusMillis(random.nextInt(1_000)).toString(), random.nextDouble() * 60,
                    properties, null, 120, now, EventSource.NATIVE);
            if (rules.validate(draft, now) instanceof Validated.Valid<Event> valid) {
                events.add(valid.value());
            }
        }
        next = new StorableBatch(GROUP, events, List.of(), List.of(), List.of(new BufferPosition(EVENTS, 0, new Offset(sequence))),
                false, 1);
    }

    @Benchmark
    public StoreReport storeBatch() {
        return store.store(next);
    }

    @TearDown(Level.Trial)
    public void stop() throws IOException {
        server.close();
        try (Stream<Path> files = Files.walk(directory)) {
            files.sorted(Comparator.reverseOrder()).forEach(path -> path.toFile().delete());
        }
    }
}
