package io.sluice.bootstrap.reliability;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Supplier;

/**
 * A bounded load client that keeps the books a reconciliation needs: every event id it sent and
 * every id a 2xx acknowledged, and each answer by status. Each request carries {@code batchSize}
 * events with unique ids ({@code <run>-<client>-<request>-<item>}) to {@code POST /v1/events}.
 * A request without a 2xx (503, refused connection, timeout) acknowledges nothing, though its
 * events may still have been buffered: stored ⊆ sent and acknowledged ⊆ stored.
 * Thread-safe: the books are concurrent sets and counters.
 */
final class LoadClient implements AutoCloseable {

    private static final ObjectMapper JSON = new ObjectMapper();

    private final String run;
    private final Supplier<URI> target;
    private final int batchSize;
    private final Duration pause;
    private final HttpClient http;
    private final List<Thread> threads = new ArrayList<>();
    private volatile boolean running = true;

    final Set<String> sent = ConcurrentHashMap.newKeySet();
    final Set<String> acknowledged = ConcurrentHashMap.newKeySet();
    private final Map<String, AtomicLong> answers = new ConcurrentHashMap<>();
    final AtomicLong serviceUnavailableWithoutRetryAfter = new AtomicLong();

    /**
     * @param run     a prefix unique to this client, so ids never collide across clients of one database
     * @param target  where to POST; asked per request, so a restarted server on another port can be followed
     * @param pause   the wait after each request per thread (zero: as fast as the server answers)
     */
    LoadClient(String run, Supplier<URI> target, int threads, int batchSize, Duration pause, HttpClient http) {
        this.run = run;
        this.target = target;
        this.batchSize = batchSize;
        this.pause = pause;
        this.http = http;
        for (int c = 0; c < threads; c++) {
            int client = c;
            Thread thread = new Thread(() -> load(client), "load-" + run + "-" + c);
            thread.setDaemon(true);
            this.threads.add(thread);
        }
    }

    static LoadClient start(String run, Supplier<URI> target, int threads, int batchSize, Duration pause) {
        HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();
        LoadClient client = new LoadClient(run, target, threads, batchSize, pause, http);
        client.threads.forEach(Thread::start);
        return client;
    }

    /** Waits until at least {@code count} events were acknowledged; false on timeout. */
    boolean awaitAcknowledged(long count, Duration timeout) throws InterruptedException {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (acknowledged.size() < count) {
            if (System.nanoTime() > deadline) {
                return false;
            }
            Thread.sleep(20);
        }
        return true;
    }

    /** Answers by status code ("202", "503") or failure ("io:ConnectException"), sorted. */
    Map<String, Long> answers() {
        Map<String, Long> copy = new TreeMap<>();
        answers.forEach((key, value) -> copy.put(key, value.get()));
        return copy;
    }

    long answered(String key) {
        AtomicLong count = answers.get(key);
        return count == null ? 0 : count.get();
    }

    /** Stops sending and waits for requests in flight to end (each has a 10 s timeout). */
    @Override
    public void close() throws InterruptedException {
        running = false;
        for (Thread thread : threads) {
            thread.join(20_000);
        }
    }

    private void load(int client) {
        for (long request = 0; running; request++) {
            List<Map<String, Object>> batch = new ArrayList<>(batchSize);
            for (int i = 0; i < batchSize; i++) {
                Map<String, Object> event = new LinkedHashMap<>();
                String id = run + "-" + client + "-" + request + "-" + i;
                event.put("event_id", id);
                event.put("user_id", "user_" + ((request * batchSize + i) % 97));
                event.put("event_type", i % 3 == 0 ? "purchase" : i % 3 == 1 ? "page_view" : "click");
                event.put("timestamp", Instant.now().toString());
                event.put("duration_seconds", i * 0.5);
                event.put("properties", Map.of("amount", 20 * i, "page", "/p/" + i));
                batch.add(event);
            }
            try {
                batch.forEach(event -> sent.add((String) event.get("event_id")));
                HttpResponse<String> response = http.send(HttpRequest.newBuilder(target.get().resolve("/v1/events"))
                                .timeout(Duration.ofSeconds(10))
                                .header("Content-Type", "application/json")
                                .POST(HttpRequest.BodyPublishers.ofByteArray(JSON.writeValueAsBytes(batch))).build(),
                        HttpResponse.BodyHandlers.ofString());
                count(Integer.toString(response.statusCode()));
                if (response.statusCode() == 202) {
                    for (JsonNode item : JSON.readTree(response.body()).get("items")) {
                        if ("accepted".equals(item.get("status").asText())) {
                            acknowledged.add(item.get("event_id").asText());
                        }
                    }
                } else if (response.statusCode() == 503 && response.headers().firstValue("Retry-After").isEmpty()) {
                    serviceUnavailableWithoutRetryAfter.incrementAndGet();
                }
            } catch (InterruptedException interrupted) {
                Thread.currentThread().interrupt();
                return;
            } catch (Exception failed) {
                // Refused, reset or timed out: nothing acknowledged. Back off a little, as a real client would.
                count("io:" + failed.getClass().getSimpleName());
                sleep(Duration.ofMillis(100));
                continue;
            }
            sleep(pause);
        }
    }

    private void count(String key) {
        answers.computeIfAbsent(key, k -> new AtomicLong()).incrementAndGet();
    }

    private static void sleep(Duration duration) {
        if (duration.isZero()) {
            return;
        }
        try {
            Thread.sleep(duration.toMillis());
        } catch (InterruptedException interrupted) {
            Thread.currentThread().interrupt();
        }
    }
}
