package io.sluice.adapters.chronicle;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

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
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import net.openhft.chronicle.queue.ExcerptAppender;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * The Chronicle writers' failure paths against a real queue (issue 13, finding 3): the appender the
 * writer opens is the real one behind a proxy that throws a chosen failure once, at the start of a
 * write, the way a broken mapping or an exhausted heap would surface. Each case runs with both
 * writers: {@link LockedWriter} (no sync, the default) and {@link GroupCommitWriter} (sync to disk).
 */
class WriterFailureTest {

    @TempDir
    Path temp;

    /** Opens real appenders, counts them, and throws the armed failure at the next {@code writingDocument()}. */
    private static final class FaultyAppenders {
        final AtomicReference<Throwable> armed = new AtomicReference<>();
        final AtomicInteger opened = new AtomicInteger();

        ExcerptAppender wrap(ExcerptAppender real) {
            opened.incrementAndGet();
            return InterceptedAppender.of(real, () -> {
                Throwable failure = armed.getAndSet(null);
                if (failure != null) {
                    throw failure;
                }
            });
        }
    }

    private ChronicleBuffer open(FaultyAppenders appenders, boolean syncToDisk) {
        return new ChronicleBuffer(ChronicleSettings.defaults(temp.resolve("queue")).withSyncToDisk(syncToDisk), StoredPositions.none(),
                new ConsumerGroup("sluice"), Clock.systemUTC(), appenders::wrap);
    }

    @ParameterizedTest(name = "syncToDisk {0}")
    @ValueSource(booleans = {false, true})
    void a_queue_failure_refuses_its_group_and_the_writer_starts_over_with_later_appends_stored(boolean syncToDisk) throws Exception {
        FaultyAppenders appenders = new FaultyAppenders();
        List<String> acknowledged = Collections.synchronizedList(new ArrayList<>());
        List<String> refused = Collections.synchronizedList(new ArrayList<>());
        ExecutorService threads = Executors.newFixedThreadPool(6);
        try (ChronicleBuffer buffer = open(appenders, syncToDisk)) {
            buffer.append(TestRecords.events("before", 3));
            acknowledged.addAll(List.of("before-0", "before-1", "before-2"));

            appenders.armed.set(new IllegalStateException("injected: the mapped file could not be extended"));
            CountDownLatch start = new CountDownLatch(1);
            List<Future<?>> running = new ArrayList<>();
            for (int t = 0; t < 6; t++) {
                String prefix = "t" + t;
                running.add(threads.submit(() -> {
                    start.await();
                    for (int i = 0; i < 50; i++) {
                        String id = prefix + "-" + i;
                        try {
                            buffer.append(List.of(TestRecords.event(id)));
                            acknowledged.add(id);
                        } catch (BufferUnavailableException failed) {
                            assertThat(failed.retryAfter()).isPositive();
                            refused.add(id);
                        }
                    }
                    return null;
                }));
            }
            start.countDown();
            for (Future<?> thread : running) {
                thread.get();
            }
            buffer.append(TestRecords.events("after", 2));
            acknowledged.addAll(List.of("after-0", "after-1"));

            assertThat(refused).as("the append whose write failed, and the rest of its group, are refused").isNotEmpty();
            assertThat(appenders.opened).as("the writer started over with a fresh appender once").hasValue(2);
            assertThat(buffer.backlog()).as("refused appends give their room back").isEqualTo(acknowledged.size());

            List<String> read = new ArrayList<>();
            for (BufferBatch batch = buffer.reader().poll(Duration.ofSeconds(1)); !batch.isEmpty();
                    batch = buffer.reader().poll(Duration.ofMillis(200))) {
                read.addAll(TestRecords.ids(batch));
            }
            assertThat(read).as("every acknowledged append once, no refused one").containsExactlyInAnyOrderElementsOf(acknowledged);
        } finally {
            threads.shutdownNow();
        }
    }

    @ParameterizedTest(name = "syncToDisk {0}")
    @ValueSource(booleans = {false, true})
    void an_error_in_the_writer_refuses_its_group_and_a_dead_writer_shows_as_a_buffer_that_does_not_answer(boolean syncToDisk) throws Exception {
        FaultyAppenders appenders = new FaultyAppenders();
        try (ChronicleBuffer buffer = open(appenders, syncToDisk)) {
            buffer.append(TestRecords.events("before", 2));
            assertThat(buffer.backlog()).isEqualTo(2);

            appenders.armed.set(new OutOfMemoryError("injected by the test"));
            assertThatThrownBy(() -> buffer.append(TestRecords.events("dying", 2)))
                    .isInstanceOf(BufferUnavailableException.class)
                    .hasMessageContaining("OutOfMemoryError");

            assertThat(buffer.backlog()).as("health checks and /ready read -1 as a buffer that does not answer").isEqualTo(-1);
            long startedAt = System.nanoTime();
            assertThatThrownBy(() -> buffer.append(TestRecords.events("later", 1)))
                    .isInstanceOf(BufferUnavailableException.class)
                    .hasMessageContaining("writer has stopped");
            assertThat(Duration.ofNanos(System.nanoTime() - startedAt)).as("refused at once, not after the append timeout")
                    .isLessThan(Duration.ofSeconds(1));

            Set<String> read = new HashSet<>();
            for (BufferBatch batch = buffer.reader().poll(Duration.ofSeconds(1)); !batch.isEmpty();
                    batch = buffer.reader().poll(Duration.ofMillis(200))) {
                read.addAll(TestRecords.ids(batch));
            }
            assertThat(read).containsExactlyInAnyOrder("before-0", "before-1");
        }
    }
}
