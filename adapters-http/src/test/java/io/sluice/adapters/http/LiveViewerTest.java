package io.sluice.adapters.http;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;

/**
 * A viewer's stream as {@link LiveResource} runs it (a thread asking {@link LiveViewer#next} for
 * the next write, with the heartbeat as its wait): skip counts coalesce into a few writes a
 * second, frames do not wait for them.
 */
class LiveViewerTest {

    private static final Duration HEARTBEAT = Duration.ofSeconds(10);
    private static final LiveItem NOTICE = new LiveItem(LiveItem.Status.NOTICE, Instant.parse("2026-12-02T10:00:00Z"), "a notice");

    @Test
    void skip_counts_alone_wait_for_their_interval_and_a_frame_after_them_is_written_at_once() throws Exception {
        AtomicLong nanos = new AtomicLong();
        LiveViewer viewer = new LiveViewer(LiveFilter.ALL, 100, 1L << 20, () -> { }, nanos::get);
        try (Stream stream = new Stream(viewer)) {
            viewer.skip(1);
            // Nothing written before it: the first count is due at once.
            assertThat(counts(stream.take())).containsExactly(1L);

            for (int i = 0; i < 999; i++) {
                viewer.skip(1);
            }
            // The clock stands still, so the interval since that write has not passed: nothing is written.
            assertThat(stream.chunks.poll(300, TimeUnit.MILLISECONDS)).isNull();
            nanos.addAndGet(LiveViewer.SKIP_INTERVAL.toNanos());
            assertThat(counts(stream.take())).containsExactly(999L);

            // A count is waiting again and the clock still stands: only the frame can make this write due.
            viewer.skip(7);
            viewer.offer(List.of(NOTICE));
            List<Object> chunk = stream.take();
            assertThat(chunk).hasSize(2);
            // The marker says what was skipped before the frame, so it comes first.
            assertThat(((LiveViewer.Skipped) chunk.get(0)).count()).isEqualTo(7);
            assertThat((byte[]) chunk.get(1)).isEqualTo(NOTICE.frame());
        }
    }

    @Test
    void a_thousand_skip_counts_within_50_ms_reach_the_stream_in_a_couple_of_writes() throws Exception {
        LiveViewer viewer = new LiveViewer(LiveFilter.ALL, 100, 1L << 20, () -> { });
        try (Stream stream = new Stream(viewer)) {
            long started = System.nanoTime();
            for (int i = 1; i <= 1_000; i++) {
                viewer.skip(1);
                if (i % 20 == 0) {
                    // ~50 calls a millisecond: the rate of 5 viewers' counts at 10,000 batches a second.
                    Thread.sleep(1);
                }
            }
            long tookMillis = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - started);

            List<List<Object>> chunks = new ArrayList<>();
            long skipped = 0;
            while (skipped < 1_000) {
                List<Object> chunk = stream.take();
                assertThat(chunk).allSatisfy(entry -> assertThat(entry).isInstanceOf(LiveViewer.Skipped.class));
                chunks.add(chunk);
                skipped += counts(chunk).stream().mapToLong(Long::longValue).sum();
            }
            assertThat(skipped).isEqualTo(1_000);
            // The first count at once, then one write per interval at most (a loaded machine may stretch the loop).
            assertThat(chunks).as("writes for 1,000 counts over %d ms", tookMillis)
                    .hasSizeLessThanOrEqualTo(2 + (int) (tookMillis / LiveViewer.SKIP_INTERVAL.toMillis()));

            // Right after a count's write a frame is still written at once, not an interval later.
            long offered = System.nanoTime();
            viewer.offer(List.of(NOTICE));
            assertThat(stream.take()).containsExactly(NOTICE.frame());
            assertThat(Duration.ofNanos(System.nanoTime() - offered)).isLessThan(HEARTBEAT);
        }
    }

    private static List<Long> counts(List<Object> chunk) {
        List<Long> counts = new ArrayList<>();
        for (Object entry : chunk) {
            counts.add(((LiveViewer.Skipped) entry).count());
        }
        return counts;
    }

    /** The viewer's stream on a thread of its own, keeping the chunks it would write (heartbeats left out). */
    private static final class Stream implements AutoCloseable {
        final BlockingQueue<List<Object>> chunks = new LinkedBlockingQueue<>();
        private final LiveViewer viewer;
        private final Thread thread;

        Stream(LiveViewer viewer) {
            this.viewer = viewer;
            this.thread = new Thread(this::run, "live-stream");
            thread.setDaemon(true);
            thread.start();
        }

        private void run() {
            try {
                for (LiveViewer.Chunk chunk = viewer.next(HEARTBEAT); chunk != null; chunk = viewer.next(HEARTBEAT)) {
                    if (!chunk.entries().isEmpty()) {
                        chunks.add(chunk.entries());
                    }
                }
            } catch (InterruptedException stopped) {
                Thread.currentThread().interrupt();
            }
        }

        List<Object> take() throws InterruptedException {
            List<Object> chunk = chunks.poll(5, TimeUnit.SECONDS);
            assertThat(chunk).as("a write within 5 s").isNotNull();
            return chunk;
        }

        @Override
        public void close() throws InterruptedException {
            viewer.close();
            thread.join(5_000);
        }
    }
}
