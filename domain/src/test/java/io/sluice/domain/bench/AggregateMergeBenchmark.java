package io.sluice.domain.bench;

import io.sluice.domain.aggregate.AggregateDelta;
import io.sluice.domain.aggregate.AggregateLedger;
import io.sluice.domain.aggregate.EventAggregation;
import io.sluice.domain.event.Event;
import io.sluice.domain.event.EventDraft;
import io.sluice.domain.event.EventRules;
import io.sluice.domain.event.EventSource;
import io.sluice.domain.event.Validated;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
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
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;

/**
 * The consumer's per-batch aggregate work: {@link EventAggregation#deltasOf} turns a batch of
 * newly stored events into minute and hour deltas with their users (what the store upserts), and
 * {@link AggregateLedger#record} merges batches into running totals (the in-memory model of the
 * exactly-once aggregates). A batch of the consumer's default size, realistic users and types.
 * Run with {@code bench/jmh AggregateMergeBenchmark}.
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
@Warmup(iterations = 3, time = 2)
@Measurement(iterations = 5, time = 2)
@Fork(1)
public class AggregateMergeBenchmark {

    private static final String[] TYPES = {"page_view", "click", "search", "login", "logout", "purchase"};
    private static final Instant NOW = Instant.parse("2025-11-21T10:15:00Z");

    @Param({"5000"})
    int batchSize;

    private List<Event> batch;
    private List<Event> nextBatch;

    @Setup
    public void setUp() {
        batch = events(batchSize, 0);
        nextBatch = events(batchSize, batchSize);
    }

    static List<Event> events(int n, int offset) {
        EventRules rules = new EventRules(new SplittableRandom(7));
        SplittableRandom random = new SplittableRandom(offset + 1L);
        List<Event> events = new ArrayList<>(n);
        for (int i = 0; i < n; i++) {
            Map<String, Object> properties = new LinkedHashMap<>();
            properties.put("page_url", "/p/" + random.nextInt(500));
            properties.put("referrer", "google.com");
            Instant at = NOW.minusMillis(random.nextInt(120_000));
            EventDraft draft = new EventDraft("ev-" + (offset + i), TYPES[random.nextInt(TYPES.length)], "user_" + random.nextInt(10_000),
                    "session_" + i / 50, at.toString(), random.nextBoolean() ? null : random.nextDouble() * 60, properties, null, 80,
                    NOW, EventSource.NATIVE);
            if (rules.validate(draft, NOW) instanceof Validated.Valid<Event> valid) {
                events.add(valid.value());
            } else {
                throw new IllegalStateException("benchmark event is invalid: " + draft);
            }
        }
        return events;
    }

    /** Minute and hour deltas (events, durations, users) of one batch. */
    @Benchmark
    public List<AggregateDelta> deltasOfBatch() {
        return EventAggregation.deltasOf(batch);
    }

    /** Two batches merged into running totals with exact unique users. */
    @Benchmark
    public AggregateLedger mergeTwoBatches() {
        AggregateLedger ledger = new AggregateLedger();
        ledger.record(batch);
        ledger.record(nextBatch);
        return ledger;
    }
}
