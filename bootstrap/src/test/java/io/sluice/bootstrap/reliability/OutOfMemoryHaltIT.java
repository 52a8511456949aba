package io.sluice.bootstrap.reliability;

import static org.assertj.core.api.Assertions.assertThat;

import io.sluice.bootstrap.testkit.SluiceProcess;
import io.sluice.bootstrap.testkit.TestDirectories;
import java.io.IOException;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.Test;

/**
 * The out-of-memory halt on the real jar, as users run it ({@code java -jar sluice.jar server
 * config.yml}, no JVM flag but the heap size): given a heap far below what its own budgets are
 * sized for ({@code -Xmx48m} instead of 512m), legal traffic that must allocate, megabyte NDJSON
 * bodies of items with 30 KB properties parsed into maps, exhausts the heap for real. Wherever
 * the JVM throws the error (a request thread, Jetty's pool, the writer, the consumer), the process
 * must stop with exit code 3 and say why, instead of limping on. Nothing here is reachable in a
 * production build: the only lever is the heap size the operator gives the JVM.
 */
class OutOfMemoryHaltIT {

    private static final HttpClient HTTP = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();

    @Test
    void running_out_of_heap_halts_the_process_with_exit_code_3() throws Exception {
        Path data = Files.createTempDirectory("sluice-oom");
        SluiceProcess.Settings settings = new SluiceProcess.Settings(data).dw("rateLimit.trustedProxies", "127.0.0.1").jvm("-Xmx48m");
        byte[] body = heavyBody();
        ExecutorService clients = Executors.newFixedThreadPool(16);
        try (SluiceProcess server = SluiceProcess.start(settings)) {
            long deadline = System.nanoTime() + Duration.ofSeconds(120).toNanos();
            int round = 0;
            while (server.isAlive() && System.nanoTime() < deadline) {
                List<Future<?>> sent = new ArrayList<>();
                for (int c = 0; c < 16; c++) {
                    String client = "10.13." + (round % 200) + "." + c;
                    sent.add(clients.submit(() -> post(server, client, body)));
                }
                for (Future<?> request : sent) {
                    request.get();
                }
                round++;
            }
            String log = server.logText();
            assertThat(server.isAlive()).as("the server must have run out of heap and halted within two minutes; log tail:\n%s",
                    tail(log)).isFalse();
            assertThat(server.terminate(Duration.ofSeconds(5))).as(tail(log)).isEqualTo(3);
            assertThat(log).contains("java.lang.OutOfMemoryError").contains("halting the process (exit 3");
            // Where the heap ran out differs from run to run; the report names it.
            log.lines().filter(line -> line.startsWith("Sluice: ")).forEach(System.out::println);
        } finally {
            clients.shutdownNow();
            TestDirectories.deleteRecursively(data);
        }
    }

    /** About 1 MiB of NDJSON: items whose properties hold 3,000 small fields each, legal by every rule at the door. */
    private static byte[] heavyBody() {
        StringBuilder properties = new StringBuilder("{");
        for (int k = 0; k < 3_000; k++) {
            properties.append(k == 0 ? "" : ",").append("\"k").append(k).append("\":").append(k);
        }
        properties.append('}');
        StringBuilder body = new StringBuilder();
        for (int i = 0; body.length() < 1_000_000 - 40_000; i++) {
            body.append("{\"event_type\":\"heavy\",\"user_id\":\"u").append(i).append("\",\"properties\":").append(properties).append("}\n");
        }
        return body.toString().getBytes(StandardCharsets.UTF_8);
    }

    private static void post(SluiceProcess server, String client, byte[] body) {
        try {
            HTTP.send(HttpRequest.newBuilder(server.uri("/v1/events")).timeout(Duration.ofSeconds(30))
                    .header("Content-Type", "application/x-ndjson").header("X-Forwarded-For", client)
                    .POST(HttpRequest.BodyPublishers.ofByteArray(body)).build(), HttpResponse.BodyHandlers.discarding());
        } catch (IOException | InterruptedException refusedOrGone) {
            // The process halting mid-request is the expected end.
        }
    }

    private static String tail(String log) {
        return log.length() <= 4_000 ? log : log.substring(log.length() - 4_000);
    }
}
