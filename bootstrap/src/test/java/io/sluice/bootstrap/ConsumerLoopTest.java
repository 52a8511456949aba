package io.sluice.bootstrap;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.fail;

import com.codahale.metrics.health.HealthCheck;
import io.sluice.application.port.in.ConsumeBufferUseCase;
import io.sluice.application.port.in.ConsumeReport;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.List;
import java.util.Queue;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.BooleanSupplier;
import org.junit.jupiter.api.Test;

class ConsumerLoopTest {

    private static final Duration WITHIN = Duration.ofSeconds(10);

    private final AtomicBoolean readerClosed = new AtomicBoolean();

    private ConsumerLoop loopOf(ConsumeBufferUseCase consumer) {
        return new ConsumerLoop("test-consumer", consumer, () -> readerClosed.set(true), Duration.ofMillis(10), Duration.ofSeconds(5));
    }

    private static HealthCheck.Result health(ConsumerLoop loop) {
        return new ConsumerHealthCheck(loop, () -> 5, Duration.ofMinutes(1)).execute();
    }

    @Test
    void an_error_that_is_not_the_jvms_is_retried_like_an_exception() throws Exception {
        ScriptedConsumer consumer = new ScriptedConsumer(new AssertionError("a broken invariant (test)"),
                new IllegalStateException("a bug (test)"));
        ConsumerLoop loop = loopOf(consumer);
        loop.start();
        try {
            await(() -> consumer.calls.get() > 3);
            assertThat(loop.endedWhileRunning()).isNull();
            assertThat(health(loop).isHealthy()).isTrue();
        } finally {
            loop.stop();
        }
        assertThat(readerClosed).isTrue();
        assertThat(loop.endedWhileRunning()).as("a stop is no unexpected end").isNull();
    }

    @Test
    void a_virtual_machine_error_stops_the_consumer_and_the_health_check_says_so_at_once() throws Exception {
        ScriptedConsumer consumer = new ScriptedConsumer(new StackOverflowError("deep recursion (test)"));
        ConsumerLoop loop = loopOf(consumer);
        loop.start();
        try {
            await(readerClosed::get);
            assertThat(consumer.calls.get()).isEqualTo(1);
            assertThat(loop.endedWhileRunning()).contains("StackOverflowError");
            HealthCheck.Result health = health(loop);
            assertThat(health.isHealthy()).isFalse();
            assertThat(health.getMessage()).startsWith("the consumer thread stopped after java.lang.StackOverflowError");
        } finally {
            loop.stop();
        }
    }

    private static void await(BooleanSupplier condition) throws InterruptedException {
        long deadline = System.nanoTime() + WITHIN.toNanos();
        while (!condition.getAsBoolean()) {
            if (System.nanoTime() > deadline) {
                fail("not within " + WITHIN);
            }
            Thread.sleep(10);
        }
    }

    /** Throws the scripted failures, one per cycle, then reports idle cycles. */
    private static final class ScriptedConsumer implements ConsumeBufferUseCase {
        private final Queue<Throwable> failures;
        private final AtomicInteger calls = new AtomicInteger();

        ScriptedConsumer(Throwable... failures) {
            this.failures = new ArrayDeque<>(List.of(failures));
        }

        @Override
        public ConsumeReport consumeNextBatch(Duration maxWait) throws InterruptedException {
            calls.incrementAndGet();
            Throwable next;
            synchronized (this) {
                next = failures.poll();
            }
            if (next instanceof Error error) {
                throw error;
            }
            if (next instanceof RuntimeException exception) {
                throw exception;
            }
            Thread.sleep(maxWait.toMillis());
            return ConsumeReport.IDLE;
        }
    }
}
