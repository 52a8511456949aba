package io.sluice.bootstrap.reliability;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import org.jdbi.v3.core.Jdbi;
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
        ReliabilityFiles.deleteRecursively(data);
    }

    @Test
    void sigterm_under_load_drains_in_flight_work_and_shuts_down_cleanly_within_the_deadline() throws Exception {
        data = Files.createTempDirectory("sluice-sigterm");
        int dbPort = SluiceServer.freePort();
        SluiceServer.Settings settings = new SluiceServer.Settings(data).env("SLUICE_EMBEDDED_DB_PORT", Integer.toString(dbPort));
        try (SluiceServer server = SluiceServer.start(settings)) {
            LoadClient load = LoadClient.start("term", () -> server.uri("/"), 4, 20, Duration.ZERO);
            try {
                assertThat(load.awaitAcknowledged(4_000, Duration.ofSeconds(90))).as("load reached 4000 acknowledged events").isTrue();
                long logBefore = server.logText().length();
                long bare503BeforeSignal = load.serviceUnavailableWithoutRetryAfter.get();
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
                assertThat(load.answers().keySet()).allMatch(answer -> answer.equals("202") || answer.equals("503")
                        || answer.startsWith("io:"), "only 202, 503 or a refused connection: " + load.answers());
                // Sluice's own 503s carry Retry-After, and so do the shutdown's (Jetty's GracefulHandler, through
                // UnavailableErrorHandler).
                assertThat(bare503BeforeSignal).isZero();
                assertThat(load.serviceUnavailableWithoutRetryAfter.get()).isZero();
                System.out.printf("SIGTERM: exit %d after %d ms; answers %s%n", exit, took.toMillis(), load.answers());
            } finally {
                load.close();
            }

            server.start();
            awaitBacklogDrained(server, Duration.ofSeconds(120));
            // The embedded database's superuser password, generated at its first start beside its directory.
            String password = Files.readString(data.resolve("postgres.password")).trim();
            Reconciliation result = Reconciliation.of(Jdbi.create("jdbc:postgresql://127.0.0.1:" + dbPort + "/postgres", "postgres", password),
                    load.sent, load.acknowledged);
            assertThat(result.exact()).as("reconciliation %s", result).isTrue();
            assertThat(result.acknowledged()).isGreaterThanOrEqualTo(4_000);
        }
    }

    static void awaitBacklogDrained(SluiceServer server, Duration timeout) throws Exception {
        HttpClient http = HttpClient.newHttpClient();
        long deadline = System.nanoTime() + timeout.toNanos();
        String last = "";
        while (System.nanoTime() < deadline) {
            HttpResponse<String> response = http.send(server.get("/v1/stats").build(),
                    HttpResponse.BodyHandlers.ofString());
            last = response.statusCode() + " " + response.body();
            if (response.statusCode() == 200 && response.body().contains("\"backlog\":0")) {
                return;
            }
            Thread.sleep(250);
        }
        throw new AssertionError("backlog did not drain within " + timeout + "; last stats: " + last);
    }
}
