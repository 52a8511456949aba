package io.sluice.bootstrap.reliability;

import static org.assertj.core.api.Assertions.assertThat;

import io.sluice.bootstrap.testkit.LoadClient;
import io.sluice.bootstrap.testkit.Reconciliation;
import io.sluice.bootstrap.testkit.SluiceProcess;
import io.sluice.bootstrap.testkit.TestDirectories;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * SIGTERM under load on the embedded default (Chronicle + embedded PostgreSQL, durable): Sluice
 * stops accepting, finishes the requests in flight, lets the consumer commit its batch, closes the
 * buffer and the database cleanly, and exits within its deadline; after a restart every 2xx is
 * stored exactly once and counted once.
 */
class GracefulShutdownIT {

    /** server.shutdownGracePeriod (10 s) + consumer.shutdownGrace (10 s) + closing the buffer and PostgreSQL. */
    private static final Duration SHUTDOWN_DEADLINE = Duration.ofSeconds(35);

    private Path data;

    @AfterEach
    void removeData() throws Exception {
        TestDirectories.deleteRecursively(data);
    }

    @Test
    void sigterm_under_load_drains_in_flight_work_and_shuts_down_cleanly_within_the_deadline() throws Exception {
        data = Files.createTempDirectory("sluice-sigterm");
        SluiceProcess.Settings settings = new SluiceProcess.Settings(data).embeddedDatabaseOnFreePort();
        try (SluiceProcess server = SluiceProcess.start(settings)) {
            LoadClient load = LoadClient.sending("term").to(() -> server.uri("/v1/events")).threads(4).eventsPerRequest(20).start();
            try {
                assertThat(load.awaitAcknowledged(4_000, Duration.ofSeconds(90))).as("load reached 4000 acknowledged events").isTrue();
                long logBefore = server.logText().length();
                long bare503BeforeSignal = load.refusalsWithoutRetryAfter();
                long signalled = System.nanoTime();
                int exit = server.terminate(SHUTDOWN_DEADLINE);
                Duration took = Duration.ofNanos(System.nanoTime() - signalled);
                Thread.sleep(500); // requests after the exit: refused connections
                load.close();

                String shutdownLog = server.logText().substring((int) logBefore);
                assertThat(exit).as("exit code after SIGTERM (took %s); log:%n%s", took, shutdownLog).isEqualTo(143);
                assertThat(took).isLessThan(SHUTDOWN_DEADLINE);
                assertThat(shutdownLog).contains("sluice-consumer stopped after its last batch committed");
                assertThat(shutdownLog).doesNotContain("did not finish its batch", "ERROR", "Exception");
                // PostgreSQL stopped cleanly: a crash leaves postmaster.pid behind.
                assertThat(data.resolve("postgres").resolve("postmaster.pid")).doesNotExist();
                // During the shutdown a client sees an acknowledgement, a 503 or a closed listener: never another answer.
                assertThat(load.statuses().keySet()).as("only 202, 503 or a refused connection: %s, %s", load.statuses(), load.failures())
                        .isSubsetOf(202, 503, LoadClient.NO_ANSWER);
                // Sluice's own 503s carry Retry-After, and so do the shutdown's (Jetty's GracefulHandler, through
                // UnavailableErrorHandler).
                assertThat(bare503BeforeSignal).isZero();
                assertThat(load.refusalsWithoutRetryAfter()).isZero();
                System.out.printf("SIGTERM: exit %d after %d ms; answers %s, %s%n", exit, took.toMillis(), load.statuses(), load.failures());
            } finally {
                load.close();
            }

            server.start();
            server.awaitBacklogDrained(Duration.ofSeconds(120));
            Reconciliation result = Reconciliation.of(server.database(), load.sent(), load.acknowledged());
            assertThat(result.exact()).as("reconciliation %s", result).isTrue();
            assertThat(result.acknowledged()).isGreaterThanOrEqualTo(4_000);
        }
    }
}
