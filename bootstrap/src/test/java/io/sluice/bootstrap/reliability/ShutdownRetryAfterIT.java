package io.sluice.bootstrap.reliability;

import io.sluice.bootstrap.testkit.SluiceProcess;
import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.ConnectException;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.CompletableFuture;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The shutdown's 503 made certain rather than hoped for: a request is held in flight (its body
 * only half sent, after Jetty's {@code 100 Continue} proved the resource is reading it), so after
 * SIGTERM Jetty's graceful stop must wait for it; meanwhile a request on a keep-alive connection
 * opened before the signal arrives inside the shutdown window. It must be answered 503 with
 * {@code Retry-After} and Sluice's JSON body, and the held request, once its body is complete,
 * still gets its 202. Shipped {@code config.yml} (shutdownGracePeriod 10 s), the real jar.
 */
class ShutdownRetryAfterIT {

    /** server.shutdownGracePeriod (10 s) + consumer.shutdownGrace (10 s) + closing the buffer and PostgreSQL. */
    private static final Duration SHUTDOWN_DEADLINE = Duration.ofSeconds(35);

    @Test
    void a_request_arriving_during_the_graceful_shutdown_is_503_with_retry_after_and_the_held_request_completes(@TempDir Path data)
            throws Exception {
        SluiceProcess.Settings settings = new SluiceProcess.Settings(data).embeddedDatabaseOnFreePort();
        try (SluiceProcess server = SluiceProcess.start(settings)) {
            int port = server.httpPort();
            // Keep-alive connections opened, and proven open with a 202, before the signal.
            List<RawHttp> idle = new ArrayList<>();
            for (int n = 0; n < 4; n++) {
                RawHttp connection = RawHttp.open(port);
                connection.send(post(event("idle-" + n)));
                assertThat(connection.readAnswer().status()).isEqualTo(202);
                idle.add(connection);
            }
            RawHttp held = RawHttp.open(port);
            byte[] heldBody = event("held").getBytes(StandardCharsets.UTF_8);
            held.send(("POST /v1/events HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Type: application/json\r\n"
                    + "Expect: 100-continue\r\nContent-Length: " + heldBody.length + "\r\n\r\n").getBytes(StandardCharsets.US_ASCII));
            // Jetty sends 100 Continue only when the resource first reads the body: the request is in flight.
            assertThat(held.readAnswer().status()).isEqualTo(100);
            int half = heldBody.length / 2;
            held.send(java.util.Arrays.copyOf(heldBody, half));

            CompletableFuture<Integer> exit = CompletableFuture.supplyAsync(() -> {
                try {
                    return server.terminate(SHUTDOWN_DEADLINE);
                } catch (InterruptedException interrupted) {
                    Thread.currentThread().interrupt();
                    return -2;
                }
            });
            awaitListenerClosed(port, exit);

            // The listener closing and the graceful handler refusing start together; a request that
            // still slipped through in between is answered 202 and the next connection is tried.
            RawHttp.Answer refused = null;
            List<Integer> before = new ArrayList<>();
            for (RawHttp connection : idle) {
                connection.send(post(event("late-" + before.size())));
                RawHttp.Answer answer = connection.readAnswer();
                if (answer.status() != 202) {
                    refused = answer;
                    break;
                }
                before.add(answer.status());
                Thread.sleep(100);
            }
            assertThat(refused).as("an answer other than 202 on a kept-alive connection after SIGTERM (202s first: %s)", before)
                    .isNotNull();
            assertThat(exit).as("the held request keeps the server in its grace period").isNotDone();
            assertThat(refused.status()).as(refused.toString()).isEqualTo(503);
            assertThat(refused.headers()).as(refused.toString()).containsEntry("retry-after", "5");
            assertThat(refused.headers().get("content-type")).startsWith("application/json");
            assertThat(refused.body()).contains("\"error\":\"shutting_down\"");

            held.send(java.util.Arrays.copyOfRange(heldBody, half, heldBody.length));
            RawHttp.Answer completed = held.readAnswer();
            assertThat(completed.status()).as("the request in flight at SIGTERM finishes: %s", completed).isEqualTo(202);
            assertThat(exit.get()).as("exit after SIGTERM; log:%n%s", server.logText()).isEqualTo(143);
            for (RawHttp connection : idle) {
                connection.close();
            }
            held.close();
        }
    }

    private static String event(String id) {
        return "{\"event_id\":\"shutdown-" + id + "\",\"event_type\":\"page_view\",\"user_id\":\"u1\"}";
    }

    private static byte[] post(String body) {
        byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
        return ("POST /v1/events HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Type: application/json\r\nContent-Length: " + bytes.length
                + "\r\n\r\n" + body).getBytes(StandardCharsets.UTF_8);
    }

    /** New connections are refused once Jetty's graceful stop has begun (it closes the listener first). */
    private static void awaitListenerClosed(int port, CompletableFuture<Integer> exit) throws Exception {
        long deadline = System.nanoTime() + Duration.ofSeconds(20).toNanos();
        while (System.nanoTime() < deadline) {
            assertThat(exit).as("the server exited before its listener was seen closed").isNotDone();
            try (Socket probe = new Socket()) {
                probe.connect(new InetSocketAddress("127.0.0.1", port), 1_000);
            } catch (ConnectException closed) {
                return;
            }
            Thread.sleep(20);
        }
        throw new AssertionError("the listener still accepted connections 20 s after SIGTERM");
    }

    /** One HTTP/1.1 connection spoken by hand, so a request can be held half sent. Not thread-safe. */
    private static final class RawHttp implements AutoCloseable {

        record Answer(int status, Map<String, String> headers, String body) {
        }

        private final Socket socket;
        private final InputStream in;
        private final OutputStream out;

        private RawHttp(Socket socket) throws IOException {
            this.socket = socket;
            this.in = socket.getInputStream();
            this.out = socket.getOutputStream();
        }

        static RawHttp open(int port) throws IOException {
            Socket socket = new Socket();
            socket.connect(new InetSocketAddress("127.0.0.1", port), 5_000);
            socket.setSoTimeout(30_000);
            return new RawHttp(socket);
        }

        void send(byte[] bytes) throws IOException {
            out.write(bytes);
            out.flush();
        }

        /** Status line, headers (names lower-cased) and a body framed by Content-Length, chunks or the close. */
        Answer readAnswer() throws IOException {
            String statusLine = line();
            int status = Integer.parseInt(statusLine.split(" ")[1]);
            Map<String, String> headers = new TreeMap<>();
            for (String header = line(); !header.isEmpty(); header = line()) {
                int colon = header.indexOf(':');
                headers.put(header.substring(0, colon).trim().toLowerCase(Locale.ROOT), header.substring(colon + 1).trim());
            }
            if (status == 100) {
                return new Answer(status, headers, "");
            }
            ByteArrayOutputStream body = new ByteArrayOutputStream();
            if (headers.containsKey("content-length")) {
                body.write(in.readNBytes(Integer.parseInt(headers.get("content-length"))));
            } else if ("chunked".equalsIgnoreCase(headers.get("transfer-encoding"))) {
                for (int size = Integer.parseInt(line().trim(), 16); size > 0; size = Integer.parseInt(line().trim(), 16)) {
                    body.write(in.readNBytes(size));
                    line();
                }
                line();
            } else {
                body.write(in.readAllBytes());
            }
            return new Answer(status, headers, body.toString(StandardCharsets.UTF_8));
        }

        private String line() throws IOException {
            ByteArrayOutputStream line = new ByteArrayOutputStream();
            for (int b = in.read(); b != '\n'; b = in.read()) {
                if (b < 0) {
                    throw new IOException("connection closed mid-answer after: " + line.toString(StandardCharsets.US_ASCII));
                }
                if (b != '\r') {
                    line.write(b);
                }
            }
            return line.toString(StandardCharsets.US_ASCII);
        }

        @Override
        public void close() throws IOException {
            socket.close();
        }
    }
}
