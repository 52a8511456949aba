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
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import net.openhft.chronicle.queue.ExcerptAppender;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The writer of a queue without sync, where each request thread writes its own entry under a lock:
 * an append that waits for the lock longer than the append timeout is refused, gives its backlog
 * room back and is never written, while the append holding the lock is acknowledged; every thread
 * shares the one appender.
 */
class LockedWriterTest {

    @TempDir
    Path temp;

    @Test
    void an_append_waiting_for_the_lock_past_its_timeout_is_refused_and_never_written() throws Exception {
        CountDownLatch writing = new CountDownLatch(1);
        CountDownLatch release = new CountDownLatch(1);
        AtomicInteger opened = new AtomicInteger();
        ChronicleSettings settings = ChronicleSettings.defaults(temp.resolve("queue")).withAppendTimeout(Duration.ofMillis(300));
        try (ChronicleBuffer buffer = new ChronicleBuffer(settings, StoredPositions.none(), new ConsumerGroup("sluice"), Clock.systemUTC(),
                real -> {
                    opened.incrementAndGet();
                    return blockingFirstWrite(real, writing, release);
                })) {
            CompletableFuture<Void> first = CompletableFuture.runAsync(() -> buffer.append(TestRecords.events("slow", 2)));
            assertThat(writing.await(10, TimeUnit.SECONDS)).as("the first append is being written").isTrue();

            long startedAt = System.nanoTime();
            assertThatThrownBy(() -> buffer.append(TestRecords.events("late", 3)))
                    .isInstanceOf(BufferUnavailableException.class)
                    .hasMessageContaining("did not take the append within");
            assertThat(Duration.ofNanos(System.nanoTime() - startedAt)).as("refused when its timeout passed, not later")
                    .isBetween(Duration.ofMillis(250), Duration.ofSeconds(5));
            assertThat(buffer.backlog()).as("the refused append gave its room back; the one being written holds its own")
                    .isEqualTo(2);

            release.countDown();
            first.get(10, TimeUnit.SECONDS);
            buffer.append(TestRecords.events("after", 1));

            List<String> read = new ArrayList<>();
            for (BufferBatch batch = buffer.reader().poll(Duration.ofSeconds(1)); !batch.isEmpty();
                    batch = buffer.reader().poll(Duration.ofMillis(200))) {
                read.addAll(TestRecords.ids(batch));
            }
            assertThat(read).containsExactly("slow-0", "slow-1", "after-0");
            assertThat(opened).as("one appender, shared by every appending thread").hasValue(1);
        }
    }

    /** The real appender, whose first {@code writingDocument()} waits for {@code release} after signalling {@code writing}. */
    private static ExcerptAppender blockingFirstWrite(ExcerptAppender real, CountDownLatch writing, CountDownLatch release) {
        AtomicInteger writes = new AtomicInteger();
        return InterceptedAppender.of(real, () -> {
            if (writes.getAndIncrement() == 0) {
                writing.countDown();
                if (!release.await(10, TimeUnit.SECONDS)) {
                    throw new IllegalStateException("the test never released the first write");
                }
            }
        });
    }
}
