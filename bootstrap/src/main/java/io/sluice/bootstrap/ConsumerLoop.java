package io.sluice.bootstrap;

import io.dropwizard.lifecycle.Managed;
import io.sluice.application.port.in.ConsumeBufferUseCase;
import io.sluice.application.port.in.ConsumeReport;
import java.time.Duration;
import java.util.concurrent.atomic.AtomicLong;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Runs a consumer on its own thread for the life of the server. On stop it lets the batch in
 * flight commit within the grace period and only then interrupts, so a clean shutdown never
 * abandons a half-done batch (an abandoned one would be read again anyway: positions commit
 * with the data). Thread-safe.
 */
final class ConsumerLoop implements Managed {

    private static final Logger LOG = LoggerFactory.getLogger(ConsumerLoop.class);

    private final ConsumeBufferUseCase consumer;
    private final Duration pollWait;
    private final Duration grace;
    private final String name;
    private final AutoCloseable reader;
    private final AtomicLong lastProgressMillis = new AtomicLong(System.currentTimeMillis());
    private volatile boolean running;
    private volatile String endedWhileRunning;
    private Thread thread;

    /**
     * @param reader closed by the consumer thread itself when it ends: Kafka consumers must be
     *               closed by the thread that uses them
     */
    ConsumerLoop(String name, ConsumeBufferUseCase consumer, AutoCloseable reader, Duration pollWait, Duration grace) {
        this.name = name;
        this.reader = reader;
        this.consumer = consumer;
        this.pollWait = pollWait;
        this.grace = grace;
    }

    @Override
    public void start() {
        running = true;
        thread = new Thread(this::run, name);
        thread.start();
    }

    /**
     * Lets the batch in flight commit, then ends the thread; returns within about twice the grace
     * period at most. A consumer that is retrying against an unavailable store cannot commit, so
     * it is interrupted after the grace period: its batch stays uncommitted and is read again.
     */
    @Override
    public void stop() throws InterruptedException {
        running = false;
        thread.join(grace.toMillis());
        if (thread.isAlive()) {
            LOG.warn("{} did not finish its batch within {}; interrupting it, the batch will be read again", name, grace);
            thread.interrupt();
            thread.join(grace.toMillis());
            if (thread.isAlive()) {
                LOG.error("{} ignored its interruption for {}; the buffer closes under it", name, grace);
            }
        }
    }

    /** When the consumer last completed a poll (idle or with a committed batch). */
    long lastProgressMillis() {
        return lastProgressMillis.get();
    }

    /** How the consumer thread ended although nobody stopped it; null while it runs, and after a stop. */
    String endedWhileRunning() {
        return endedWhileRunning;
    }

    private void run() {
        String ending = "unexpectedly";
        try {
            ending = consume();
        } finally {
            if (running) {
                endedWhileRunning = ending;
            }
            try {
                reader.close();
                LOG.info("{} stopped {}", name, ending);
            } catch (Exception closing) {
                LOG.warn("{} could not close its buffer reader", name, closing);
            }
        }
    }

    /** Consumes until stopped; says how it ended. */
    private String consume() {
        long failures = 0;
        while (running) {
            try {
                ConsumeReport report = consumer.consumeNextBatch(pollWait);
                lastProgressMillis.set(System.currentTimeMillis());
                if (failures > 0) {
                    LOG.info("{} recovered after {} failed cycles", name, failures);
                    failures = 0;
                }
                if (report.attempts() > 1) {
                    LOG.info("{} committed a batch of {} records after {} attempts ({} dead letters)", name, report.records(),
                            report.attempts(), report.deadLettered());
                }
            } catch (InterruptedException interrupted) {
                Thread.currentThread().interrupt();
                return "by interruption; its uncommitted batch will be read again";
            } catch (VirtualMachineError broken) {
                // Out of memory, stack overflow, an internal error: the JVM may have left any library's state
                // (a lock, a buffer) half-changed, and a retry would most likely meet the same error. Stopping
                // loses nothing: the batch is uncommitted, and a new process resumes from the store's positions.
                // The consumer health check turns unhealthy at once, for the operator or orchestrator to restart
                // the instance, as the deployed image already exits on OutOfMemoryError.
                LOG.error("{} stops: the JVM failed ({} cycles had failed before); restart the instance", name, failures, broken);
                return "after " + broken + "; restart the instance, its uncommitted batch will be read again";
            } catch (RuntimeException | Error unexpected) {
                // Never let the consumer thread die of a bug: the consumer rewound the reader to the last
                // committed position before rethrowing, so the next cycle reads the failed batch again.
                // A line for every failed cycle (one a second at most, by the pause below); the stack trace with
                // the first and then every 60th, so a long failure stays readable.
                if (failures++ == 0 || failures % 60 == 0) {
                    LOG.error("{} failed a cycle ({} in a row); its batch stays uncommitted, retrying in 1 s", name, failures, unexpected);
                } else {
                    LOG.error("{} failed a cycle ({} in a row); its batch stays uncommitted, retrying in 1 s: {}", name, failures,
                            unexpected.toString());
                }
                try {
                    Thread.sleep(1000);
                } catch (InterruptedException interrupted) {
                    Thread.currentThread().interrupt();
                    return "by interruption while waiting to retry";
                }
            }
        }
        return "after its last batch committed";
    }
}
