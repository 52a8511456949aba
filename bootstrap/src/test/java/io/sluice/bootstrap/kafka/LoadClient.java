package io.sluice.bootstrap.kafka;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;

/**
 * An HTTP load client for the Kafka-mode proofs: threads post batches of valid native events to
 * {@code POST /v1/events} on one or more Sluice instances (round robin, so the load continues on the
 * survivors when one dies) and record what the servers answered: every id sent, every id a 2xx
 * acknowledged, the count per status, and how long refusals took. Requests without an answer (a
 * killed server) acknowledge nothing. Thread-safe; the ids are distinct per client prefix.
 */
final class LoadClient implements AutoCloseable {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String[] TYPES = {"page_view", "click", "search", "purchase", "login"};
    /** Status key for requests that got no HTTP answer at all. */
    static final int NO_ANSWER = -1;

    private final String prefix;
    private final List<URI> targets = new CopyOnWriteArrayList<>();
    private final int eventsPerRequest;
    private final int requestsPerThread;
    private final Instant now = Instant.now().truncatedTo(ChronoUnit.MILLIS);
    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();
    private final Set<String> sent = ConcurrentHashMap.newKeySet();
    private final Set<String> acknowledged = ConcurrentHashMap.newKeySet();
    private final Map<Integer, AtomicLong> statuses = new ConcurrentHashMap<>();
    private final ConcurrentLinkedQueue<Long> refusalMillis = new ConcurrentLinkedQueue<>();
    private final AtomicLong slowestMillis = new AtomicLong();
    private final AtomicLong refusalsWithoutRetryAfter = new AtomicLong();
    private final AtomicLong itemsNotAccepted = new AtomicLong();
    private final AtomicLong requestsSent = new AtomicLong();
    private final ConcurrentLinkedQueue<Answer> answers = new ConcurrentLinkedQueue<>();
    private final AtomicBoolean running = new AtomicBoolean(true);
    private final List<Thread> threads = new ArrayList<>();

    private LoadClient(String prefix, List<URI> targets, int threadCount, int requestsPerThread, int eventsPerRequest) {
        this.prefix = prefix;
        this.targets.addAll(targets);
        this.eventsPerRequest = eventsPerRequest;
        this.requestsPerThread = requestsPerThread;
        for (int t = 0; t < threadCount; t++) {
            int thread = t;
            Thread worker = new Thread(() -> run(thread), "load-" + prefix + "-" + t);
            worker.setDaemon(true);
            threads.add(worker);
        }
        threads.forEach(Thread::start);
    }

    /** Sends until {@link #stop}. {@code eventsEndpoints} are full URIs of {@code /v1/events}. */
    static LoadClient continuous(String prefix, List<URI> eventsEndpoints, int threads, int eventsPerRequest) {
        return new LoadClient(prefix, eventsEndpoints, threads, Integer.MAX_VALUE, eventsPerRequest);
    }

    /** Sends exactly {@code threads × requestsPerThread × eventsPerRequest} events, then stops by itself. */
    static LoadClient fixed(String prefix, List<URI> eventsEndpoints, int threads, int requestsPerThread, int eventsPerRequest) {
        return new LoadClient(prefix, eventsEndpoints, threads, requestsPerThread, eventsPerRequest);
    }

    /** Spreads the load over one more instance from now on. */
    void addTarget(URI eventsEndpoint) {
        targets.add(eventsEndpoint);
    }

    private void run(int thread) {
        for (int request = 0; request < requestsPerThread && running.get(); request++) {
            List<URI> now = List.copyOf(targets);
            URI target = now.get((int) (requestsSent.getAndIncrement() % now.size()));
            List<Map<String, Object>> batch = batch(thread, request);
            long started = System.nanoTime();
            int status;
            try {
                HttpResponse<String> response = http.send(HttpRequest.newBuilder(target)
                                .timeout(Duration.ofSeconds(60))
                                .header("Content-Type", "application/json")
                                .header("X-Write-Key", KafkaModeConfig.WRITE_KEY)
                                .POST(HttpRequest.BodyPublishers.ofByteArray(JSON.writeValueAsBytes(batch))).build(),
                        HttpResponse.BodyHandlers.ofString());
                status = response.statusCode();
                long millis = (System.nanoTime() - started) / 1_000_000;
                slowestMillis.accumulateAndGet(millis, Math::max);
                if (status / 100 == 2) {
                    for (JsonNode item : JSON.readTree(response.body()).get("items")) {
                        if ("accepted".equals(item.get("status").asText())) {
                            acknowledged.add(item.get("event_id").asText());
                        } else {
                            itemsNotAccepted.incrementAndGet();
                        }
                    }
                } else if (status == 503) {
                    refusalMillis.add(millis);
                    if (response.headers().firstValue("Retry-After").isEmpty()) {
                        refusalsWithoutRetryAfter.incrementAndGet();
                    }
                }
            } catch (IOException noAnswer) {
                status = NO_ANSWER;
                pause();
            } catch (InterruptedException interrupted) {
                Thread.currentThread().interrupt();
                return;
            }
            statuses.computeIfAbsent(status, s -> new AtomicLong()).incrementAndGet();
            answers.add(new Answer(started, System.nanoTime(), status));
        }
    }

    private List<Map<String, Object>> batch(int thread, int request) {
        List<Map<String, Object>> batch = new ArrayList<>(eventsPerRequest);
        for (int i = 0; i < eventsPerRequest; i++) {
            long n = (long) request * eventsPerRequest + i;
            Map<String, Object> event = new LinkedHashMap<>();
            String id = prefix + "-" + thread + "-" + request + "-" + i;
            event.put("event_id", id);
            event.put("user_id", "user_" + ((thread * 31 + n) % 300));
            event.put("event_type", TYPES[(int) (n % TYPES.length)]);
            // Over the last six hours: closed buckets get late events too.
            event.put("timestamp", now.minus((n * 131) % 360, ChronoUnit.MINUTES).toString());
            if (n % 3 != 0) {
                event.put("duration_seconds", (n % 17) * 0.25);
            }
            event.put("properties", Map.of("page", "/p/" + (n % 40), "amount", n % 200));
            batch.add(event);
            sent.add(id);
        }
        return batch;
    }

    private static void pause() {
        try {
            Thread.sleep(50);
        } catch (InterruptedException interrupted) {
            Thread.currentThread().interrupt();
        }
    }

    /** Waits until at least {@code count} events were acknowledged; false when the time ran out. */
    boolean awaitAcknowledged(int count, Duration timeout) throws InterruptedException {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (acknowledged.size() < count) {
            if (System.nanoTime() > deadline) {
                return false;
            }
            Thread.sleep(50);
        }
        return true;
    }

    /** Waits until the servers answered {@code count} more requests with {@code status}; false when the time ran out. */
    boolean awaitStatus(int status, long count, Duration timeout) throws InterruptedException {
        long target = answered(status) + count;
        long deadline = System.nanoTime() + timeout.toNanos();
        while (answered(status) < target) {
            if (System.nanoTime() > deadline) {
                return false;
            }
            Thread.sleep(50);
        }
        return true;
    }

    /** Lets the requests in flight finish (each is bounded by its 60 s timeout) and stops. */
    void stop() throws InterruptedException {
        running.set(false);
        awaitFinished(Duration.ofSeconds(90));
    }

    /** Waits for every thread to end; a fixed load ends by itself. */
    void awaitFinished(Duration timeout) throws InterruptedException {
        long deadline = System.nanoTime() + timeout.toNanos();
        for (Thread thread : threads) {
            thread.join(Math.max(1, (deadline - System.nanoTime()) / 1_000_000));
            if (thread.isAlive()) {
                throw new IllegalStateException(thread.getName() + " did not finish within " + timeout);
            }
        }
    }

    Set<String> sent() {
        return Collections.unmodifiableSet(sent);
    }

    Set<String> acknowledged() {
        return Collections.unmodifiableSet(acknowledged);
    }

    long answered(int status) {
        AtomicLong count = statuses.get(status);
        return count == null ? 0 : count.get();
    }

    /** Requests per HTTP status ({@link #NO_ANSWER} for none). */
    Map<Integer, Long> statuses() {
        Map<Integer, Long> copy = new TreeMap<>();
        statuses.forEach((status, count) -> copy.put(status, count.get()));
        return copy;
    }

    /** Requests that started at or after {@code fromNanos} and ended at or before {@code toNanos} ({@link System#nanoTime()}). */
    List<Answer> answeredBetween(long fromNanos, long toNanos) {
        return answers.stream().filter(a -> a.startedNanos() - fromNanos >= 0 && toNanos - a.endedNanos() >= 0).toList();
    }

    /** Requests that ended after {@code fromNanos}, in the order they ended. */
    List<Answer> answeredAfter(long fromNanos) {
        return answers.stream().filter(a -> a.endedNanos() - fromNanos > 0).toList();
    }

    List<Long> refusalMillis() {
        return List.copyOf(refusalMillis);
    }

    long slowestMillis() {
        return slowestMillis.get();
    }

    long refusalsWithoutRetryAfter() {
        return refusalsWithoutRetryAfter.get();
    }

    long itemsNotAccepted() {
        return itemsNotAccepted.get();
    }

    /** One request: when it started and ended ({@link System#nanoTime()}) and its status. */
    record Answer(long startedNanos, long endedNanos, int status) {
        long millis() {
            return (endedNanos - startedNanos) / 1_000_000;
        }
    }

    @Override
    public void close() throws InterruptedException {
        running.set(false);
        for (Thread thread : threads) {
            thread.join(90_000);
        }
    }
}
