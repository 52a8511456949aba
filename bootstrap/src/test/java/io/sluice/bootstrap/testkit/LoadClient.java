package io.sluice.bootstrap.testkit;

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
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Supplier;

/**
 * An HTTP load client that keeps the books a reconciliation needs: threads post batches of valid
 * native events to {@code POST /v1/events} on one or more targets (round robin, so the load goes
 * on against the survivors when one dies) and record every id sent, every id a 2xx acknowledged as
 * accepted, the requests per status, and how long refusals took. Ids are
 * {@code <prefix>-<thread>-<request>-<item>}, distinct per client prefix. A request without a 2xx
 * (503, refused connection, timeout) acknowledges nothing, though its events may still have been
 * buffered: stored ⊆ sent and acknowledged ⊆ stored. Thread-safe: the books are concurrent.
 */
public final class LoadClient implements AutoCloseable {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String[] TYPES = {"page_view", "click", "search", "purchase", "login"};
    /** Status key for requests that got no HTTP answer at all. */
    public static final int NO_ANSWER = -1;

    private final Builder plan;
    private final List<Supplier<URI>> targets;
    private final Instant started = Instant.now().truncatedTo(ChronoUnit.MILLIS);
    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();
    private final Set<String> sent = ConcurrentHashMap.newKeySet();
    private final Set<String> acknowledged = ConcurrentHashMap.newKeySet();
    private final Map<Integer, AtomicLong> statuses = new ConcurrentHashMap<>();
    private final Map<String, AtomicLong> failures = new ConcurrentHashMap<>();
    private final ConcurrentLinkedQueue<Long> refusalMillis = new ConcurrentLinkedQueue<>();
    private final AtomicLong slowestMillis = new AtomicLong();
    private final AtomicLong refusalsWithoutRetryAfter = new AtomicLong();
    private final AtomicLong itemsNotAccepted = new AtomicLong();
    private final AtomicLong requestsSent = new AtomicLong();
    private final ConcurrentLinkedQueue<Answer> answers = new ConcurrentLinkedQueue<>();
    private final List<Thread> threads = new ArrayList<>();
    private volatile boolean running = true;

    /** What to send, where and how fast; {@link #start()} starts the threads. */
    public static final class Builder {
        private final String prefix;
        private final List<Supplier<URI>> targets = new ArrayList<>();
        private int threads = 1;
        private int eventsPerRequest = 20;
        private int requestsPerThread = Integer.MAX_VALUE;
        private Duration pause = Duration.ZERO;
        private Duration requestTimeout = Duration.ofSeconds(10);
        private String writeKey;
        private boolean lateEvents;

        private Builder(String prefix) {
            this.prefix = prefix;
        }

        /** A full {@code /v1/events} URI. */
        public Builder to(URI eventsEndpoint) {
            return to(() -> eventsEndpoint);
        }

        /** Asked per request, so a restarted server on another port can be followed. */
        public Builder to(Supplier<URI> eventsEndpoint) {
            targets.add(eventsEndpoint);
            return this;
        }

        public Builder threads(int count) {
            this.threads = count;
            return this;
        }

        public Builder eventsPerRequest(int count) {
            this.eventsPerRequest = count;
            return this;
        }

        /** Sends exactly {@code threads × requests × eventsPerRequest} events, then stops by itself; unbounded if not set. */
        public Builder requestsPerThread(int count) {
            this.requestsPerThread = count;
            return this;
        }

        /** The wait after each request per thread (zero: as fast as the server answers). */
        public Builder pause(Duration wait) {
            this.pause = wait;
            return this;
        }

        public Builder requestTimeout(Duration timeout) {
            this.requestTimeout = timeout;
            return this;
        }

        /** Sent as {@code X-Write-Key}, for configurations that require one. */
        public Builder writeKey(String key) {
            this.writeKey = key;
            return this;
        }

        /** Timestamps spread over the last six hours, so that closed buckets get late events too; else each event's is now. */
        public Builder lateEvents() {
            this.lateEvents = true;
            return this;
        }

        public LoadClient start() {
            if (targets.isEmpty()) {
                throw new IllegalStateException("no target");
            }
            return new LoadClient(this);
        }
    }

    public static Builder sending(String prefix) {
        return new Builder(prefix);
    }

    private LoadClient(Builder plan) {
        this.plan = plan;
        this.targets = new CopyOnWriteArrayList<>(plan.targets);
        for (int t = 0; t < plan.threads; t++) {
            int thread = t;
            Thread worker = new Thread(() -> run(thread), "load-" + plan.prefix + "-" + t);
            worker.setDaemon(true);
            threads.add(worker);
        }
        threads.forEach(Thread::start);
    }

    /** Spreads the load over one more instance from now on. */
    public void addTarget(URI eventsEndpoint) {
        targets.add(() -> eventsEndpoint);
    }

    private void run(int thread) {
        for (int request = 0; request < plan.requestsPerThread && running; request++) {
            List<Supplier<URI>> now = List.copyOf(targets);
            URI target = now.get((int) (requestsSent.getAndIncrement() % now.size())).get();
            List<Map<String, Object>> batch = batch(thread, request);
            long startedNanos = System.nanoTime();
            int status;
            try {
                HttpRequest.Builder post = HttpRequest.newBuilder(target).timeout(plan.requestTimeout)
                        .header("Content-Type", "application/json")
                        .POST(HttpRequest.BodyPublishers.ofByteArray(JSON.writeValueAsBytes(batch)));
                if (plan.writeKey != null) {
                    post.header("X-Write-Key", plan.writeKey);
                }
                HttpResponse<String> response = http.send(post.build(), HttpResponse.BodyHandlers.ofString());
                status = response.statusCode();
                long millis = (System.nanoTime() - startedNanos) / 1_000_000;
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
                // Refused, reset or timed out: nothing acknowledged. Back off a little, as a real client would.
                status = NO_ANSWER;
                failures.computeIfAbsent(noAnswer.getClass().getSimpleName(), k -> new AtomicLong()).incrementAndGet();
                sleep(Duration.ofMillis(50));
            } catch (InterruptedException interrupted) {
                Thread.currentThread().interrupt();
                return;
            }
            statuses.computeIfAbsent(status, s -> new AtomicLong()).incrementAndGet();
            answers.add(new Answer(startedNanos, System.nanoTime(), status));
            if (status != NO_ANSWER) {
                sleep(plan.pause);
            }
        }
    }

    private List<Map<String, Object>> batch(int thread, int request) {
        List<Map<String, Object>> batch = new ArrayList<>(plan.eventsPerRequest);
        for (int i = 0; i < plan.eventsPerRequest; i++) {
            long n = (long) request * plan.eventsPerRequest + i;
            Map<String, Object> event = new LinkedHashMap<>();
            String id = plan.prefix + "-" + thread + "-" + request + "-" + i;
            event.put("event_id", id);
            event.put("user_id", "user_" + ((thread * 31 + n) % 300));
            event.put("event_type", TYPES[(int) (n % TYPES.length)]);
            event.put("timestamp", (plan.lateEvents ? started.minus((n * 131) % 360, ChronoUnit.MINUTES) : Instant.now()).toString());
            if (n % 3 != 0) {
                event.put("duration_seconds", (n % 17) * 0.25);
            }
            event.put("properties", Map.of("page", "/p/" + (n % 40), "amount", n % 200));
            batch.add(event);
            sent.add(id);
        }
        return batch;
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

    /** Waits until at least {@code count} events were acknowledged; false when the time ran out. */
    public boolean awaitAcknowledged(long count, Duration timeout) throws InterruptedException {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (acknowledged.size() < count) {
            if (System.nanoTime() > deadline) {
                return false;
            }
            Thread.sleep(20);
        }
        return true;
    }

    /** Waits until the servers answered {@code count} more requests with {@code status}; false when the time ran out. */
    public boolean awaitStatus(int status, long count, Duration timeout) throws InterruptedException {
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

    /** Lets the requests in flight finish (each bounded by its timeout) and stops; fails if a thread did not end. */
    public void stop() throws InterruptedException {
        running = false;
        awaitFinished(plan.requestTimeout.plusSeconds(30));
    }

    /** Waits for every thread to end; a bounded load ends by itself. */
    public void awaitFinished(Duration timeout) throws InterruptedException {
        long deadline = System.nanoTime() + timeout.toNanos();
        for (Thread thread : threads) {
            thread.join(Math.max(1, (deadline - System.nanoTime()) / 1_000_000));
            if (thread.isAlive()) {
                throw new IllegalStateException(thread.getName() + " did not finish within " + timeout);
            }
        }
    }

    /** Stops sending and waits for requests in flight to end. */
    @Override
    public void close() throws InterruptedException {
        running = false;
        for (Thread thread : threads) {
            thread.join(plan.requestTimeout.plusSeconds(30).toMillis());
        }
    }

    public Set<String> sent() {
        return Collections.unmodifiableSet(sent);
    }

    public Set<String> acknowledged() {
        return Collections.unmodifiableSet(acknowledged);
    }

    public long answered(int status) {
        AtomicLong count = statuses.get(status);
        return count == null ? 0 : count.get();
    }

    /** Requests per HTTP status ({@link #NO_ANSWER} for none), sorted. */
    public Map<Integer, Long> statuses() {
        Map<Integer, Long> copy = new TreeMap<>();
        statuses.forEach((status, count) -> copy.put(status, count.get()));
        return copy;
    }

    /** Requests without an answer per exception ({@code ConnectException}, {@code HttpTimeoutException}), sorted. */
    public Map<String, Long> failures() {
        Map<String, Long> copy = new TreeMap<>();
        failures.forEach((failure, count) -> copy.put(failure, count.get()));
        return copy;
    }

    /** Requests that started at or after {@code fromNanos} and ended at or before {@code toNanos} ({@link System#nanoTime()}). */
    public List<Answer> answeredBetween(long fromNanos, long toNanos) {
        return answers.stream().filter(a -> a.startedNanos() - fromNanos >= 0 && toNanos - a.endedNanos() >= 0).toList();
    }

    /** Requests that ended after {@code fromNanos}, in the order they ended. */
    public List<Answer> answeredAfter(long fromNanos) {
        return answers.stream().filter(a -> a.endedNanos() - fromNanos > 0).toList();
    }

    public List<Long> refusalMillis() {
        return List.copyOf(refusalMillis);
    }

    public long slowestMillis() {
        return slowestMillis.get();
    }

    /** 503 answers without a {@code Retry-After} header. */
    public long refusalsWithoutRetryAfter() {
        return refusalsWithoutRetryAfter.get();
    }

    public long itemsNotAccepted() {
        return itemsNotAccepted.get();
    }

    /** One request: when it started and ended ({@link System#nanoTime()}) and its status. */
    public record Answer(long startedNanos, long endedNanos, int status) {
        public long millis() {
            return (endedNanos - startedNanos) / 1_000_000;
        }
    }
}
