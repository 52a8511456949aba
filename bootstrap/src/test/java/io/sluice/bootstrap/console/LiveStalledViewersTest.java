package io.sluice.bootstrap.console;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.dropwizard.testing.ConfigOverride;
import io.dropwizard.testing.junit5.DropwizardAppExtension;
import io.dropwizard.testing.junit5.DropwizardExtensionsSupport;
import io.sluice.adapters.postgres.PostgresFixture;
import io.sluice.bootstrap.SluiceConfiguration;
import io.sluice.bootstrap.testkit.InJvmServer;
import io.sluice.bootstrap.testkit.TestDirectories;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.function.Predicate;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * Viewers of {@code GET /v1/live} that connect over real sockets and never read, while events
 * are ingested: the server's own count of the bytes they hold reaches each one's bound and never
 * passes it, and the heap after a full GC grows by about that much and not by the parsed events
 * behind the frames. Ingest only (no consumer), so that no store batch is in the heap when it is
 * measured; a long idle timeout, so that the connector does not drop the blocked viewers first.
 */
@ExtendWith(DropwizardExtensionsSupport.class)
@Timeout(value = 300, threadMode = Timeout.ThreadMode.SEPARATE_THREAD)
class LiveStalledViewersTest {

    private static final String READ_KEY = "sluice-local-read-key";
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final int VIEWERS = 4;
    private static final long BOUND = 2L << 20;
    private static final int BATCH = 200;
    /** Heap the JVM and the server may churn between two full GCs, unrelated to the viewers. */
    private static final long HEAP_SLACK = 16L << 20;
    private static final PostgresFixture.TestDatabase DB = PostgresFixture.newDatabase();
    private static final Path DATA = TestDirectories.create("sluice-live-stalled");

    static final DropwizardAppExtension<SluiceConfiguration> APP = InJvmServer.extension(DB, DATA,
            ConfigOverride.config("live.maxViewers", String.valueOf(VIEWERS)),
            // The byte bound, not the count, is what this test reaches.
            ConfigOverride.config("live.queueEvents", "1000000"),
            // The worst case of memory: every record shown, none left to the live view's rate.
            ConfigOverride.config("live.itemsPerSecond", "1000000000"),
            ConfigOverride.config("live.queueSize", (BOUND >> 20) + "MiB"),
            ConfigOverride.config("consumer.enabled", "false"),
            // Ingress here is one test client posting as fast as it can, not an abusive one.
            ConfigOverride.config("rateLimit.enabled", "false"),
            ConfigOverride.config("server.applicationConnectors[0].idleTimeout", "10 minutes"));

    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
    private int posted;

    @Test
    void viewers_that_never_read_hold_at_most_their_bound_on_the_server() throws Exception {
        for (int i = 0; i < 20; i++) {
            post(i % VIEWERS);
        }
        long before = usedHeapAfterGc();

        List<Socket> stalled = new ArrayList<>();
        try {
            for (int i = 0; i < VIEWERS; i++) {
                // One event type each, so that no two viewers share frames and each one's bytes are its own.
                stalled.add(connectAndNeverRead("/v1/live?type=stall_" + i));
            }
            awaitPulse(pulse -> pulse.path("viewers").asInt() == VIEWERS, "all viewers connected");

            // Until every viewer is within a frame of its bound (each holds at most the bound, so the
            // sum says so for each); checking the bound after every batch on the way.
            long full = VIEWERS * (BOUND - 2048);
            JsonNode pulse = pulse();
            while (pulse.path("viewer_bytes").asLong() < full) {
                assertThat(posted).as("events posted before the viewers' queues filled; last pulse %s", pulse)
                        .isLessThan(2_000_000);
                for (int type = 0; type < VIEWERS; type++) {
                    post(type);
                }
                pulse = pulse();
                assertHeldWithinBound(pulse);
            }
            // As many events again: all of them skipped, none of them held.
            int filled = posted;
            while (posted < 2 * filled) {
                for (int type = 0; type < VIEWERS; type++) {
                    post(type);
                }
                assertHeldWithinBound(pulse());
            }
            assertThat(pulse().path("viewers").asInt()).isEqualTo(VIEWERS);

            long grown = usedHeapAfterGc() - before;
            System.out.printf("%d stalled viewers after %,d events: the server counts %,d bytes held, the heap grew %,d bytes%n",
                    VIEWERS, posted, pulse().path("viewer_bytes").asLong(), grown);
            // Before the frames were counted, each viewer kept the parsed events behind ~2 MiB of estimates: tens of MB.
            assertThat(grown).isLessThan(VIEWERS * BOUND + HEAP_SLACK);
        } finally {
            for (Socket socket : stalled) {
                socket.close();
            }
        }
        // Their blocked writes fail once the sockets are gone, and their bytes go with them.
        JsonNode after = awaitPulse(pulse -> pulse.path("viewers").asInt() == 0, "the viewers' slots freed");
        assertThat(after.path("viewer_bytes").asLong()).isZero();
    }

    private static void assertHeldWithinBound(JsonNode pulse) {
        assertThat(pulse.path("viewer_bytes_limit").asLong()).isEqualTo(BOUND);
        assertThat(pulse.path("viewer_bytes").asLong()).as("bytes held by %d viewers", VIEWERS).isLessThanOrEqualTo(VIEWERS * BOUND);
    }

    /** Sends the request and the smallest receive window, then never reads: the server's writes block. */
    private static Socket connectAndNeverRead(String path) throws Exception {
        Socket socket = new Socket();
        socket.setReceiveBufferSize(4096);
        socket.connect(new InetSocketAddress("localhost", APP.getLocalPort()), 5000);
        OutputStream out = socket.getOutputStream();
        out.write(("GET " + path + " HTTP/1.1\r\nHost: localhost\r\nAuthorization: Bearer " + READ_KEY + "\r\n\r\n")
                .getBytes(StandardCharsets.US_ASCII));
        out.flush();
        return socket;
    }

    /** A batch of events of one type, with properties enough that a parsed event weighs several times its frame. */
    private void post(int type) throws Exception {
        StringBuilder body = new StringBuilder(BATCH * 900).append('[');
        for (int i = 0; i < BATCH; i++) {
            body.append(i == 0 ? "" : ",").append("{\"event_type\":\"stall_").append(type)
                    .append("\",\"user_id\":\"u\",\"properties\":{");
            for (int p = 0; p < 20; p++) {
                body.append(p == 0 ? "" : ",").append("\"property_").append(p).append("\":\"value ").append(p)
                        .append(" of event ").append(posted + i).append('"');
            }
            body.append("}}");
        }
        HttpResponse<String> response = http.send(HttpRequest.newBuilder(uri("/v1/events")).header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(body.append(']').toString())).build(), HttpResponse.BodyHandlers.ofString());
        assertThat(response.statusCode()).as(response.body()).isEqualTo(202);
        posted += BATCH;
    }

    private JsonNode pulse() throws Exception {
        HttpResponse<String> response = http.send(HttpRequest.newBuilder(uri("/v1/live/pulse"))
                .header("Authorization", "Bearer " + READ_KEY).build(), HttpResponse.BodyHandlers.ofString());
        assertThat(response.statusCode()).isEqualTo(200);
        return JSON.readTree(response.body());
    }

    private JsonNode awaitPulse(Predicate<JsonNode> condition, String what) throws Exception {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
        JsonNode pulse = pulse();
        while (!condition.test(pulse) && System.nanoTime() < deadline) {
            Thread.sleep(100);
            pulse = pulse();
        }
        assertThat(condition).as("%s; pulse %s", what, pulse).accepts(pulse);
        return pulse;
    }

    private static long usedHeapAfterGc() throws InterruptedException {
        Runtime runtime = Runtime.getRuntime();
        for (int i = 0; i < 3; i++) {
            System.gc();
            Thread.sleep(100);
        }
        return runtime.totalMemory() - runtime.freeMemory();
    }

    private static URI uri(String path) {
        return URI.create("http://localhost:" + APP.getLocalPort() + path);
    }
}
