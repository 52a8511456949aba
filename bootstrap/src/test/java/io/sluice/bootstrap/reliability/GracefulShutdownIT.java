package io.sluice.bootstrap.reliability;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.net.Socket;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
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
            Reconciliation result = Reconciliation.of(Jdbi.create("jdbc:postgresql://127.0.0.1:" + dbPort + "/postgres", "postgres", ""),
                    load.sent, load.acknowledged);
            assertThat(result.exact()).as("reconciliation %s", result).isTrue();
            assertThat(result.acknowledged()).isGreaterThanOrEqualTo(4_000);
        }
    }

    /**
     * Issue 14 item 10: after SIGTERM, a request on a connection opened before it gets Jetty's
     * shutdown 503, which must say when to come back (Retry-After) and what happened (JSON), like
     * Sluice's own 503s. A stalled body keeps the graceful shutdown waiting meanwhile.
     */
    @Test
    void requests_during_the_graceful_shutdown_get_a_503_with_retry_after_and_a_json_body() throws Exception {
        data = Files.createTempDirectory("sluice-sigterm-503");
        try (SluiceServer server = SluiceServer.start(new SluiceServer.Settings(data));
             Socket stalled = new Socket("127.0.0.1", server.httpPort());
             Socket open = new Socket("127.0.0.1", server.httpPort())) {
            open.setSoTimeout(10_000);
            String status = "GET /get_status HTTP/1.1\r\nHost: x\r\n\r\n";
            assertThat(exchange(open, status)).startsWith("HTTP/1.1 200");
            // In flight until the idle timeout (30 s): the shutdown waits for it up to its grace period (10 s).
            stalled.getOutputStream().write(("POST /v1/events HTTP/1.1\r\nHost: x\r\nContent-Type: application/json\r\n"
                    + "Content-Length: 1000\r\n\r\n{").getBytes(StandardCharsets.US_ASCII));
            Thread.sleep(500);

            CompletableFuture<Integer> exit = CompletableFuture.supplyAsync(() -> {
                try {
                    return server.terminate(SHUTDOWN_DEADLINE);
                } catch (InterruptedException interrupted) {
                    Thread.currentThread().interrupt();
                    return -2;
                }
            });
            Thread.sleep(2_000);
            String answer = exchange(open, status);

            assertThat(answer).startsWith("HTTP/1.1 503");
            assertThat(answer).containsIgnoringCase("\r\nRetry-After: 5\r\n");
            assertThat(answer).containsIgnoringCase("\r\nContent-Type: application/json");
            assertThat(answer).contains("\"error\":\"shutting_down\"");
            stalled.close();
            assertThat(exit.get(SHUTDOWN_DEADLINE.toSeconds() + 5, TimeUnit.SECONDS)).isEqualTo(143);
        }
    }

    /** Sends one request on an open connection and reads its answer (head and a Content-Length body). */
    private static String exchange(Socket socket, String request) throws IOException {
        socket.getOutputStream().write(request.getBytes(StandardCharsets.US_ASCII));
        InputStream in = socket.getInputStream();
        ByteArrayOutputStream read = new ByteArrayOutputStream();
        byte[] buffer = new byte[4096];
        int n;
        while ((n = in.read(buffer)) >= 0) {
            read.write(buffer, 0, n);
            String text = read.toString(StandardCharsets.UTF_8);
            int headEnd = text.indexOf("\r\n\r\n");
            if (headEnd >= 0) {
                java.util.regex.Matcher length = java.util.regex.Pattern.compile("(?i)\r\nContent-Length: *(\\d+)").matcher(text);
                int bodyLength = length.find() && length.start() < headEnd ? Integer.parseInt(length.group(1)) : 0;
                if (read.size() >= headEnd + 4 + bodyLength) {
                    return text;
                }
            }
        }
        return read.toString(StandardCharsets.UTF_8);
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
