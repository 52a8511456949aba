package io.sluice.adapters.postgres;

import io.sluice.application.port.out.StorableBatch;
import io.sluice.domain.event.Event;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
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
import org.openjdk.jmh.infra.Blackhole;

/**
 * Two per-event steps of the consumer's store call that a profile of the drain showed (issue 18):
 * the timestamps as text (three per event) and the partitions a batch of 2,500 events needs
 * ({@link DayPartitions#daysOf}, once per batch: 65 ns per event, left as it is).
 * {@code instantToString} is the formatting {@link TimestampText} did before. Run with
 * {@code bench/jmh ConsumerEncodingBenchmark}.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Warmup(iterations = 3, time = 2)
@Measurement(iterations = 5, time = 2)
@Fork(1)
public class ConsumerEncodingBenchmark {

    private static final int BATCH = 2_500;

    private Instant[] instants;
    private StorableBatch batch;
    private DayPartitions partitions;

    @Setup
    public void setUp() {
        SplittableRandom random = new SplittableRandom(18);
        Instant now = Instant.parse("2026-12-04T04:44:30Z");
        instants = new Instant[BATCH];
        List<Event> events = new ArrayList<>();
        for (int i = 0; i < BATCH; i++) {
            instants[i] = now.plusNanos(random.nextLong(60_000_000_000L));
            events.add(TestEvents.event("e-" + i, "page_view", "u" + random.nextInt(10_000), instants[i], null));
        }
        batch = TestEvents.batch(events, List.of(), List.of(), List.of(TestEvents.position(0, BATCH)));
        partitions = new DayPartitions(null, Clock.fixed(now, ZoneOffset.UTC));
    }

    /** ns per batch of 2,500 timestamps. */
    @Benchmark
    public void timestampText(Blackhole sink) {
        for (Instant instant : instants) {
            sink.consume(TimestampText.of(instant));
        }
    }

    /** ns per batch of 2,500 timestamps, as TimestampText wrote them before. */
    @Benchmark
    public void instantToString(Blackhole sink) {
        for (Instant instant : instants) {
            sink.consume(instant.truncatedTo(ChronoUnit.MICROS).toString());
        }
    }

    /** ns per batch of 2,500 events. */
    @Benchmark
    public Object daysOf() {
        return partitions.daysOf(batch);
    }
}
