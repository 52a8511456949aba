package io.sluice.bootstrap;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.fail;

import java.time.Duration;
import java.util.concurrent.atomic.AtomicBoolean;
import org.junit.jupiter.api.Test;

/** Issue 13: a consumer thread that died is visible at once in {@code /ready}, not only in the health check. */
class ConsumerReadinessTest {

    @Test
    void ready_turns_unready_at_once_when_the_consumer_thread_dies() throws Exception {
        AtomicBoolean closed = new AtomicBoolean();
        ConsumerLoop loop = new ConsumerLoop("test-consumer", maxWait -> {
            throw new OutOfMemoryError("Java heap space (test)");
        }, () -> closed.set(true), Duration.ofMillis(10), Duration.ofSeconds(5));
        ReadinessServlet ready = new ReadinessServlet(() -> 0, 100, () -> 0, loop::endedWhileRunning);
        assertThat(ready.unreadyReason()).isNull();

        loop.start();
        try {
            long deadline = System.nanoTime() + Duration.ofSeconds(10).toNanos();
            while (!closed.get()) {
                if (System.nanoTime() > deadline) {
                    fail("the consumer thread did not end");
                }
                Thread.sleep(10);
            }
            assertThat(ready.unreadyReason()).isEqualTo("the consumer thread stopped; restart the instance");
        } finally {
            loop.stop();
        }
    }

    @Test
    void an_ingest_only_node_without_a_consumer_is_ready() {
        assertThat(new ReadinessServlet(() -> 0, 100, () -> 0, () -> null).unreadyReason()).isNull();
    }
}
