package io.sluice.adapters.chronicle;

import static org.assertj.core.api.Assertions.assertThat;

import io.sluice.application.port.out.ConsumerGroup;
import io.sluice.application.port.out.BufferedRecord;
import java.nio.file.Path;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.LongAdder;
import java.util.function.Consumer;
import net.openhft.chronicle.bytes.Bytes;
import net.openhft.chronicle.queue.ExcerptAppender;
import net.openhft.chronicle.queue.impl.single.SingleChronicleQueue;
import net.openhft.chronicle.queue.impl.single.SingleChronicleQueueBuilder;
import net.openhft.chronicle.wire.DocumentContext;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Appends per second with 4 request threads, reported on standard output for sizing the HTTP
 * path, never asserted (the two cores are shared with the build). It does check that every
 * acknowledged record is counted, so a broken path cannot report a fast figure.
 */
class AppendThroughputMeasurementTest {

    private static final int THREADS = 4;
    private static final long WARM_UP_MILLIS = 1_000;
    private static final long MEASURE_MILLIS = 2_000;

    @TempDir
    Path temp;

    @Test
    void measures_appends_per_second_with_four_threads() throws Exception {
        List<String> report = new ArrayList<>();
        report.add(measureBuffer("single writer, 1-record appends", 1, false));
        report.add(measureBuffer("single writer, 100-record appends", 100, false));
        report.add(measureBuffer("single writer + msync per group, 1-record appends", 1, true));
        report.add(measureBuffer("single writer + msync per group, 100-record appends", 100, true));
        report.add(measurePerThreadAppenders("per-thread appenders (no hand-off, no backlog), 1-record appends", 1));
        report.add(measurePerThreadAppenders("per-thread appenders (no hand-off, no backlog), 100-record appends", 100));
        System.out.println("Chronicle append throughput, " + THREADS + " threads, " + Runtime.getRuntime().availableProcessors() + " cores:");
        report.forEach(line -> System.out.println("  " + line));
    }

    private String measureBuffer(String name, int recordsPerAppend, boolean sync) throws Exception {
        ChronicleSettings settings = ChronicleSettings.defaults(temp.resolve(name.replaceAll("[^a-z0-9]", "_")))
                .withMaxBacklogRecords(Long.MAX_VALUE / 2).withSyncToDisk(sync);
        try (ChronicleBuffer buffer = new ChronicleBuffer(settings, StoredPositions.none(), new ConsumerGroup("measure"), Clock.systemUTC())) {
            Result result = run(recordsPerAppend, buffer::append, () -> { });
            assertThat(buffer.backlog()).isEqualTo(result.totalAppends * recordsPerAppend);
            return result.line(name, recordsPerAppend);
        }
    }

    /** The alternative design: every request thread appends itself, through its own appender. */
    private String measurePerThreadAppenders(String name, int recordsPerAppend) throws Exception {
        EntryCodec codec = new EntryCodec("measure");
        try (SingleChronicleQueue queue = SingleChronicleQueueBuilder.binary(temp.resolve("per-thread-" + recordsPerAppend)).build()) {
            ThreadLocal<ExcerptAppender> appenders = ThreadLocal.withInitial(queue::createAppender);
            Result result = run(recordsPerAppend, records -> {
                ExcerptAppender appender = appenders.get();
                byte[] body = codec.encodeBody(records);
                try (DocumentContext context = appender.writingDocument()) {
                    Bytes<?> bytes = context.wire().bytes();
                    bytes.writeInt(EntryCodec.MAGIC);
                    bytes.writeInt(records.size());
                    bytes.write(body);
                }
            }, () -> appenders.get().close());
            assertThat(queue.entryCount()).isEqualTo(result.totalAppends);
            return result.line(name, recordsPerAppend);
        }
    }

    private Result run(int recordsPerAppend, Consumer<List<BufferedRecord>> append, Runnable threadEnd) throws InterruptedException {
        AtomicBoolean measuring = new AtomicBoolean();
        AtomicBoolean stop = new AtomicBoolean();
        LongAdder measured = new LongAdder();
        LongAdder total = new LongAdder();
        CountDownLatch done = new CountDownLatch(THREADS);
        for (int t = 0; t < THREADS; t++) {
            String prefix = "t" + t;
            Thread thread = new Thread(() -> {
                try {
                    for (int i = 0; !stop.get(); i++) {
                        append.accept(TestRecords.events(prefix + "-" + i, recordsPerAppend));
                        total.increment();
                        if (measuring.get()) {
                            measured.increment();
                        }
                    }
                } finally {
                    threadEnd.run();
                    done.countDown();
                }
            }, "measure-" + t);
            thread.start();
        }
        Thread.sleep(WARM_UP_MILLIS);
        long started = System.nanoTime();
        measuring.set(true);
        Thread.sleep(MEASURE_MILLIS);
        measuring.set(false);
        long took = System.nanoTime() - started;
        stop.set(true);
        assertThat(done.await(30, TimeUnit.SECONDS)).isTrue();
        return new Result(measured.sum(), took, total.sum());
    }

    private record Result(long appends, long nanos, long totalAppends) {
        String line(String name, int recordsPerAppend) {
            double perSecond = appends * 1e9 / nanos;
            return String.format(Locale.ROOT, "%-75s %,10.0f appends/s %,12.0f records/s", name, perSecond, perSecond * recordsPerAppend);
        }
    }
}
