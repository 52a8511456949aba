package io.sluice.adapters.chronicle;

import static org.assertj.core.api.Assertions.assertThat;

import io.sluice.application.port.out.BufferBatch;
import io.sluice.application.port.out.BufferUnavailableException;
import io.sluice.application.port.out.ConsumerGroup;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class AppendTimeoutTest {

    @TempDir
    Path temp;

    /**
     * Both writers, with a timeout of a nanosecond. The group-commit writer's appends (sync to disk)
     * are handed to its thread and may time out at any point of the hand-off, so most are refused;
     * the locked writer's time out when they find the lock taken. A refused append that the writer
     * had not started is never written and gives its backlog room back; only one whose write had
     * started ("may still be written", the group-commit writer's) can appear. Acknowledged appends
     * always appear, once. {@link LockedWriterTest} has a single append waiting past its timeout.
     */
    @ParameterizedTest(name = "syncToDisk {0}")
    @ValueSource(booleans = {true, false})
    void an_append_refused_for_time_is_never_written_unless_its_write_had_started(boolean syncToDisk) throws Exception {
        ChronicleSettings defaults = ChronicleSettings.defaults(temp.resolve("queue"));
        ChronicleSettings settings = new ChronicleSettings(defaults.directory(), 1_000_000, defaults.retention(), Duration.ofNanos(1),
                defaults.retryAfter(), 100_000, defaults.maxBytesPerBatch(), 8, defaults.rollCycle(), defaults.retentionCheckInterval(), syncToDisk, defaults.streamName());
        List<String> acknowledged = Collections.synchronizedList(new ArrayList<>());
        List<String> withdrawn = Collections.synchronizedList(new ArrayList<>());
        List<String> unknown = Collections.synchronizedList(new ArrayList<>());
        ExecutorService threads = Executors.newFixedThreadPool(4);
        try (ChronicleBuffer buffer = new ChronicleBuffer(settings, StoredPositions.none(), new ConsumerGroup("sluice"), Clock.systemUTC())) {
            List<Future<?>> running = new ArrayList<>();
            for (int t = 0; t < 4; t++) {
                String prefix = "t" + t;
                running.add(threads.submit(() -> {
                    for (int i = 0; i < 2_000; i++) {
                        String id = prefix + "-" + i;
                        try {
                            buffer.append(List.of(TestRecords.event(id)));
                            acknowledged.add(id);
                        } catch (BufferUnavailableException refused) {
                            (refused.getMessage().contains("may still be written") ? unknown : withdrawn).add(id);
                        }
                    }
                }));
            }
            for (Future<?> thread : running) {
                thread.get();
            }
            // Unknown outcomes finish within another timeout; give the writer a moment to finish them.
            Thread.sleep(200);

            long backlog = buffer.backlog();
            List<String> read = new ArrayList<>();
            for (BufferBatch batch = buffer.reader().poll(Duration.ofSeconds(1)); !batch.isEmpty(); batch = buffer.reader().poll(Duration.ofMillis(200))) {
                read.addAll(TestRecords.ids(batch));
            }

            assertThat(withdrawn).as("the timeout must refuse some appends for this test to mean anything").isNotEmpty();
            assertThat(read).doesNotHaveDuplicates().containsAll(acknowledged).doesNotContainAnyElementsOf(withdrawn);
            Set<String> unexplained = new HashSet<>(read);
            acknowledged.forEach(unexplained::remove);
            unknown.forEach(unexplained::remove);
            assertThat(unexplained).isEmpty();
            assertThat(backlog).isEqualTo(read.size());
        } finally {
            threads.shutdownNow();
        }
    }
}
