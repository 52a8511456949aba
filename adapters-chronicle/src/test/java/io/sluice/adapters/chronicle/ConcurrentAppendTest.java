package io.sluice.adapters.chronicle;

import static org.assertj.core.api.Assertions.assertThat;

import io.sluice.application.port.out.BufferBatch;
import io.sluice.application.port.out.ConsumerGroup;
import io.sluice.application.port.out.ReadBufferPort;
import io.sluice.application.port.out.BufferedRecord;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class ConcurrentAppendTest {

    private static final int THREADS = 8;
    private static final int APPENDS_PER_THREAD = 5_000;
    private static final int RECORDS_PER_APPEND = 2;

    @TempDir
    Path temp;

    /** Both writers: the request threads' own under a lock (no sync), and the group-commit thread (sync). */
    @ParameterizedTest(name = "syncToDisk {0}")
    @ValueSource(booleans = {false, true})
    void every_record_appended_by_many_threads_is_read_once_in_each_threads_order(boolean syncToDisk) throws Exception {
        int total = THREADS * APPENDS_PER_THREAD * RECORDS_PER_APPEND;
        ChronicleSettings settings = ChronicleSettings.defaults(temp.resolve("queue")).withMaxRecordsPerBatch(1_000).withSyncToDisk(syncToDisk);
        ExecutorService appenders = Executors.newFixedThreadPool(THREADS);
        try (ChronicleBuffer buffer = new ChronicleBuffer(settings, StoredPositions.none(), new ConsumerGroup("sluice"), Clock.systemUTC())) {
            List<Future<?>> appending = new ArrayList<>();
            for (int t = 0; t < THREADS; t++) {
                String thread = "t" + t;
                appending.add(appenders.submit(() -> {
                    for (int i = 0; i < APPENDS_PER_THREAD; i++) {
                        List<BufferedRecord> records = new ArrayList<>(RECORDS_PER_APPEND);
                        for (int k = 0; k < RECORDS_PER_APPEND; k++) {
                            records.add(TestRecords.event(thread + "-" + (i * RECORDS_PER_APPEND + k)));
                        }
                        buffer.append(records);
                    }
                }));
            }

            // The consumer reads while the appenders still write, as in the server.
            ReadBufferPort reader = buffer.reader();
            Set<String> seen = new HashSet<>(total * 2);
            Map<String, Integer> lastPerThread = new HashMap<>();
            List<String> outOfOrder = new ArrayList<>();
            long giveUpAt = System.nanoTime() + Duration.ofSeconds(90).toNanos();
            int read = 0;
            while (read < total && System.nanoTime() < giveUpAt) {
                BufferBatch batch = reader.poll(Duration.ofMillis(200));
                for (String id : TestRecords.ids(batch)) {
                    assertThat(seen.add(id)).as("read once: %s", id).isTrue();
                    String thread = id.substring(0, id.indexOf('-'));
                    int sequence = Integer.parseInt(id.substring(id.indexOf('-') + 1));
                    Integer previous = lastPerThread.put(thread, sequence);
                    if (previous != null && previous + 1 != sequence) {
                        outOfOrder.add(thread + ": " + previous + " then " + sequence);
                    }
                    read++;
                }
                if (!batch.isEmpty()) {
                    reader.committed(batch);
                }
            }
            for (Future<?> thread : appending) {
                thread.get();
            }

            assertThat(read).isEqualTo(total);
            assertThat(outOfOrder).isEmpty();
            assertThat(lastPerThread).hasSize(THREADS).allSatisfy((thread, last) -> assertThat(last).isEqualTo(APPENDS_PER_THREAD * RECORDS_PER_APPEND - 1));
            assertThat(reader.poll(Duration.ofMillis(50)).isEmpty()).isTrue();
            assertThat(buffer.backlog()).isZero();
        } finally {
            appenders.shutdownNow();
        }
    }
}
