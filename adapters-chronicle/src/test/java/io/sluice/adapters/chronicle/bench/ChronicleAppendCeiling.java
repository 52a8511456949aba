package io.sluice.adapters.chronicle.bench;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.stream.Stream;
import net.openhft.chronicle.queue.ExcerptAppender;
import net.openhft.chronicle.queue.impl.single.SingleChronicleQueue;
import net.openhft.chronicle.queue.impl.single.SingleChronicleQueueBuilder;
import net.openhft.chronicle.wire.DocumentContext;

/**
 * The raw Chronicle Queue append ceiling for {@code bench/run}: one thread appends the same
 * ~300-byte event document as fast as it can, with no Sluice code in the path (no JSON encoding,
 * no writer hand-off, no backlog accounting). Not a test; run from the test classpath:
 * {@code java <chronicle flags> -cp … io.sluice.adapters.chronicle.bench.ChronicleAppendCeiling [seconds] [directory]}.
 * Prints one {@code CEILING chronicle_append …} line: the median of the per-second rates after a
 * warm-up second, and their range.
 */
public final class ChronicleAppendCeiling {

    private ChronicleAppendCeiling() {
    }

    public static void main(String[] args) throws Exception {
        int seconds = args.length > 0 ? Integer.parseInt(args[0]) : 5;
        Path directory = args.length > 1 ? Path.of(args[1]) : Files.createTempDirectory("chronicle-ceiling");
        byte[] entry = ("[{\"kind\":\"event\",\"event_id\":\"01a2000d-9f58-7bcd-a901-bd4e618f0f14\",\"user_id\":\"user_4711\","
                + "\"event_type\":\"page_view\",\"session_id\":\"session_4711_12\",\"duration_seconds\":12.5,"
                + "\"properties\":{\"page_url\":\"/pricing\",\"referrer\":\"google.com\",\"user_agent\":\"Mozilla/5.0\"},"
                + "\"received_at\":\"2025-11-21T10:15:30.123Z\",\"source\":\"native\"}]").getBytes(StandardCharsets.UTF_8);
        double[] rates = new double[seconds];
        try (SingleChronicleQueue queue = SingleChronicleQueueBuilder.binary(directory).build();
             ExcerptAppender appender = queue.createAppender()) {
            for (int second = -1; second < seconds; second++) {
                long count = 0;
                long started = System.nanoTime();
                long end = started + 1_000_000_000L;
                long now;
                do {
                    for (int i = 0; i < 1000; i++) {
                        try (DocumentContext document = appender.writingDocument()) {
                            document.wire().bytes().writeInt(0x534C4331).writeInt(1).write(entry);
                        }
                    }
                    count += 1000;
                    now = System.nanoTime();
                } while (now < end);
                if (second >= 0) {
                    rates[second] = count / ((now - started) / 1e9);
                }
            }
        } finally {
            try (Stream<Path> files = Files.walk(directory)) {
                files.sorted(Comparator.reverseOrder()).forEach(path -> path.toFile().delete());
            }
        }
        CeilingLine.print("chronicle_append", "appends/s", entry.length + 8, rates);
    }
}
