package io.sluice.bootstrap.simulate;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.dropwizard.core.cli.Command;
import io.dropwizard.core.setup.Bootstrap;
import java.io.IOException;
import java.io.PrintStream;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.security.SecureRandom;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.LongAdder;
import net.sourceforge.argparse4j.impl.Arguments;
import net.sourceforge.argparse4j.inf.Namespace;
import net.sourceforge.argparse4j.inf.Subparser;
import org.HdrHistogram.Histogram;
import org.HdrHistogram.Recorder;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringSerializer;

/**
 * {@code java -jar sluice.jar simulate …}: realistic traffic (seed 003's simulator) against a
 * running Sluice — the native API one event or a batch per request, seed 000's {@code /track}, or
 * straight into Kafka — at a target rate with exponential inter-arrival times, or as fast as
 * possible. Latencies go into an HdrHistogram; at a fixed rate each one is measured from the
 * moment the request was due, not from when it was sent, so a stalled server cannot hide its
 * stall (coordinated omission).
 *
 * <p>The seed fixes the traffic (users, types, data), not the event ids: each run draws a run id
 * into its ids, so a second run sends new events rather than duplicates the store would drop while
 * the report claimed them sent. The exit status is non-zero when requests could not be sent
 * (connection errors), nothing was accepted, or the probes were refused for want of a read key.
 */
public final class SimulateCommand extends Command {

    private static final ObjectMapper JSON = new ObjectMapper();

    public SimulateCommand() {
        super("simulate", "Send realistic user events to a running Sluice (or its Kafka topic) and report rate and latency");
    }

    @Override
    public void configure(Subparser subparser) {
        subparser.addArgument("--url").setDefault("http://localhost:8080").help("Sluice's application URL");
        subparser.addArgument("--target").choices("native", "batch", "track", "kafka").setDefault("native")
                .help("native: one event per POST /v1/events; batch: --batch-size events per request; track: seed 000's POST /track; kafka: produce to --topic");
        subparser.addArgument("--users").type(Integer.class).setDefault(1000).help("simulated user population");
        subparser.addArgument("--rate").type(Double.class).setDefault(0.0).help("target events/s (0: as fast as possible)");
        subparser.addArgument("--events").type(Long.class).setDefault(10_000L).help("events to send (ignored with --duration)");
        subparser.addArgument("--duration").type(Integer.class).setDefault(0).help("seconds to send for (0: send --events)");
        subparser.addArgument("--warmup").type(Integer.class).setDefault(0)
                .help("with --duration: seconds to send at the same rate before measuring; requests due in them are not "
                        + "recorded (a fresh client JVM's own start-up would otherwise count as server latency)");
        subparser.addArgument("--batch-size").type(Integer.class).setDefault(100).help("events per request with --target batch");
        subparser.addArgument("--concurrency").type(Integer.class).setDefault(64).help("concurrent connections (threads)");
        subparser.addArgument("--write-key").help("sent as X-Write-Key");
        subparser.addArgument("--read-key").help("sent as Authorization: Bearer on the probes' GET /v1/events/{id}");
        subparser.addArgument("--kafka-bootstrap").setDefault("localhost:9092");
        subparser.addArgument("--topic").setDefault("user-events");
        subparser.addArgument("--seed").type(Long.class).setDefault(42L);
        subparser.addArgument("--quiet").action(Arguments.storeTrue()).help("no progress lines");
        subparser.addArgument("--probe-every").type(Integer.class).setDefault(0)
                .help("native/batch: every Nth request, poll GET /v1/events/{id} for its first event until it is stored and "
                        + "report ingest-to-queryable latency (0: off)");
        subparser.addArgument("--probe-interval-ms").type(Integer.class).setDefault(20).help("pause between two polls of a probe");
        subparser.addArgument("--probe-backoff").type(Double.class).setDefault(0.1)
                .help("a probe waiting longer pauses this fraction of the time it has waited (if more than --probe-interval-ms), "
                        + "so a lagging consumer is not also polled harder: the figure is then within that fraction "
                        + "(0: a fixed interval)");
        subparser.addArgument("--probe-give-up-s").type(Integer.class).setDefault(60).help("a probe not queryable after this long counts as lost");
    }

    @Override
    public void run(Bootstrap<?> bootstrap, Namespace args) throws Exception {
        Plan plan = new Plan(args);
        Stats stats = new Stats();
        PrintStream out = System.out;
        out.printf("simulate: target=%s rate=%s events=%s duration=%ss users=%d concurrency=%d%n", plan.target,
                plan.rate > 0 ? plan.rate + "/s" : "max", plan.duration > 0 ? "-" : plan.events, plan.duration, plan.users, plan.concurrency);
        long started = System.nanoTime();
        stats.measureFromNanos = started + plan.warmupNanos;
        Sender sender = "kafka".equals(plan.target) ? new KafkaSender(plan, stats) : new HttpSender(plan, stats);
        List<Thread> workers = new ArrayList<>();
        for (int w = 0; w < plan.concurrency; w++) {
            int worker = w;
            Thread thread = new Thread(() -> sender.work(worker, started), "simulate-" + w);
            thread.setDaemon(true);
            thread.start();
            workers.add(thread);
        }
        Histogram total = new Histogram(3_600_000_000_000L, 3);
        long lastEvents = 0;
        while (workers.stream().anyMatch(Thread::isAlive)) {
            for (Thread worker : workers) {
                worker.join(1000);
                if (worker.isAlive()) {
                    break;
                }
            }
            Histogram interval = stats.latencies.getIntervalHistogram();
            total.add(interval);
            long events = stats.events.sum();
            if (!args.getBoolean("quiet")) {
                out.printf("  %6.1fs  %,10d events  %,9.0f ev/s  p50 %7.2f ms  p99 %7.2f ms  errors %d%n",
                        (System.nanoTime() - started) / 1e9, events, (events - lastEvents) / 1.0,
                        interval.getValueAtPercentile(50) / 1e6, interval.getValueAtPercentile(99) / 1e6, stats.errors());
            }
            lastEvents = events;
        }
        sender.close();
        total.add(stats.latencies.getIntervalHistogram());
        double seconds = (System.nanoTime() - stats.measureFromNanos) / 1e9;
        long events = stats.events.sum();
        out.printf("%nsent %,d events in %,d requests over %.1f s: %,.0f events/s, %,.0f requests/s%n", events,
                total.getTotalCount(), seconds, events / seconds, total.getTotalCount() / seconds);
        out.printf("latency ms: p50 %.2f  p90 %.2f  p99 %.2f  p99.9 %.2f  max %.2f%n", total.getValueAtPercentile(50) / 1e6,
                total.getValueAtPercentile(90) / 1e6, total.getValueAtPercentile(99) / 1e6,
                total.getValueAtPercentile(99.9) / 1e6, total.getMaxValue() / 1e6);
        out.printf("errors: %d %s%n", stats.errors(), stats.errorsByKind);
        if (sender instanceof HttpSender http && http.probes != null) {
            http.probes.finish(out);
        }
        String failure = failure(stats, events, sender);
        if (failure != null) {
            System.err.println("simulate: " + failure);
            throw new SimulationFailed(failure);
        }
    }

    /** Why this run must not pass for a good one (non-zero exit), or null. */
    private static String failure(Stats stats, long events, Sender sender) {
        if (sender instanceof HttpSender http && http.probes != null && http.probes.refusedStatus() != 0) {
            return "the probes' GET /v1/events/{id} was refused with " + http.probes.refusedStatus()
                    + ": pass the read key with --read-key (config.yml accepts sluice-local-read-key); no ingest-to-queryable "
                    + "figure was measured";
        }
        long connectionErrors = stats.errorsByKind.entrySet().stream().filter(e -> !e.getKey().startsWith("http_"))
                .mapToLong(e -> e.getValue().sum()).sum();
        if (connectionErrors > 0) {
            return connectionErrors + " request(s) failed without an answer " + stats.errorsByKind
                    + ": is Sluice running at the URL given with --url?";
        }
        if (events == 0 && stats.errors() > 0) {
            return "no request was accepted " + stats.errorsByKind + " (401: pass --write-key)";
        }
        return null;
    }

    /** Ends the command with a non-zero exit status; the message says why. */
    static final class SimulationFailed extends Exception {
        private static final long serialVersionUID = 1L;

        SimulationFailed(String message) {
            super(message);
        }
    }

    /** What to send, read once from the arguments. */
    private static final class Plan {
        final String url;
        final String target;
        final int users;
        final double rate;
        final long events;
        final int duration;
        final int batch;
        final int concurrency;
        final String writeKey;
        final String readKey;
        final String kafkaBootstrap;
        final String topic;
        final long seed;
        /** Drawn per run: the event ids' prefix, so that no two runs send the same ids. */
        final String runId;
        final int probeEvery;
        final int probeIntervalMillis;
        final double probeBackoff;
        final int probeGiveUpSeconds;
        final long warmupNanos;
        private final AtomicLong remaining;
        private final Object schedule = new Object();
        private long nextDue;
        private final TrafficModel gaps;

        Plan(Namespace args) {
            url = args.getString("url");
            target = args.getString("target");
            users = args.getInt("users");
            rate = args.getDouble("rate");
            events = args.getLong("events");
            duration = args.getInt("duration");
            batch = "batch".equals(target) ? args.getInt("batch_size") : 1;
            concurrency = args.getInt("concurrency");
            writeKey = args.getString("write_key");
            readKey = args.getString("read_key");
            kafkaBootstrap = args.getString("kafka_bootstrap");
            topic = args.getString("topic");
            seed = args.getLong("seed");
            runId = Long.toString(new SecureRandom().nextLong() >>> 1, 36);
            probeEvery = args.getInt("probe_every");
            probeIntervalMillis = args.getInt("probe_interval_ms");
            probeBackoff = args.getDouble("probe_backoff");
            probeGiveUpSeconds = args.getInt("probe_give_up_s");
            warmupNanos = duration > 0 ? args.getInt("warmup") * 1_000_000_000L : 0;
            remaining = new AtomicLong(duration > 0 ? Long.MAX_VALUE : events);
            gaps = new TrafficModel(seed ^ 0x5DEECE66DL, 1, "gap");
        }

        /** Claims up to one request's worth of events; 0 when the plan is done. */
        int claim(long startedNanos) {
            if (duration > 0 && System.nanoTime() - startedNanos > warmupNanos + duration * 1_000_000_000L) {
                return 0;
            }
            while (true) {
                long left = remaining.get();
                if (left <= 0) {
                    return 0;
                }
                int take = (int) Math.min(batch, left);
                if (remaining.compareAndSet(left, left - take)) {
                    return take;
                }
            }
        }

        /** When the next request is due (Poisson arrivals at the target rate), or 0 to send at once. */
        long nextDue(long startedNanos, int eventsInRequest) {
            if (rate <= 0) {
                return 0;
            }
            synchronized (schedule) {
                if (nextDue == 0) {
                    nextDue = startedNanos;
                }
                long due = nextDue;
                nextDue += gaps.nextGapNanos(rate / eventsInRequest);
                return due;
            }
        }
    }

    private static final class Stats {
        final Recorder latencies = new Recorder(3_600_000_000_000L, 3);
        final LongAdder events = new LongAdder();
        final Map<String, LongAdder> errorsByKind = new ConcurrentHashMap<>();
        /** Requests due before this are the client's warm-up: sent, not recorded. */
        volatile long measureFromNanos;

        boolean measured(long dueNanos) {
            return dueNanos - measureFromNanos >= 0;
        }

        void latency(long dueNanos) {
            if (measured(dueNanos)) {
                latencies.recordValue(Math.max(0, System.nanoTime() - dueNanos));
            }
        }

        void sent(long dueNanos, int count) {
            if (measured(dueNanos)) {
                events.add(count);
            }
        }

        void error(String kind) {
            errorsByKind.computeIfAbsent(kind, k -> new LongAdder()).increment();
        }

        long errors() {
            return errorsByKind.values().stream().mapToLong(LongAdder::sum).sum();
        }
    }

    private abstract static class Sender {
        final Plan plan;
        final Stats stats;

        Sender(Plan plan, Stats stats) {
            this.plan = plan;
            this.stats = stats;
        }

        void work(int worker, long startedNanos) {
            TrafficModel model = new TrafficModel(plan.seed + worker, plan.users, "sim" + plan.seed + "-" + plan.runId + "-" + worker);
            int take;
            while ((take = plan.claim(startedNanos)) > 0) {
                long due = plan.nextDue(startedNanos, take);
                if (due > 0) {
                    long wait = due - System.nanoTime();
                    if (wait > 0) {
                        try {
                            Thread.sleep(wait / 1_000_000, (int) (wait % 1_000_000));
                        } catch (InterruptedException interrupted) {
                            return;
                        }
                    }
                }
                long start = due > 0 ? due : System.nanoTime();
                send(model, take, start);
            }
        }

        abstract void send(TrafficModel model, int events, long startNanos);

        void close() {
        }
    }

    private static final class HttpSender extends Sender {
        private final HttpClient client = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1)
                .connectTimeout(Duration.ofSeconds(5)).build();
        private final URI uri;
        private final AtomicLong requests = new AtomicLong();
        final Probes probes;

        HttpSender(Plan plan, Stats stats) {
            super(plan, stats);
            uri = URI.create(plan.url + ("track".equals(plan.target) ? "/track" : "/v1/events"));
            probes = plan.probeEvery > 0 && !"track".equals(plan.target) ? new Probes(client, plan) : null;
        }

        @Override
        void send(TrafficModel model, int events, long startNanos) {
            try {
                Instant now = Instant.now();
                String probed = null;
                Object body;
                if ("track".equals(plan.target)) {
                    Map<String, Object> event = model.next(now);
                    body = Map.of("user_id", event.get("user_id"), "event_type", event.get("event_type"),
                            "session_id", event.get("session_id"), "properties", event.get("event_data"));
                } else if (events == 1 && !"batch".equals(plan.target)) {
                    Map<String, Object> event = model.next(now);
                    probed = (String) event.get("event_id");
                    body = event;
                } else {
                    List<Map<String, Object>> batch = new ArrayList<>(events);
                    for (int i = 0; i < events; i++) {
                        batch.add(model.next(now));
                    }
                    probed = (String) batch.get(0).get("event_id");
                    body = batch;
                }
                HttpRequest.Builder request = HttpRequest.newBuilder(uri).timeout(Duration.ofSeconds(30))
                        .header("Content-Type", "application/json")
                        .POST(HttpRequest.BodyPublishers.ofByteArray(JSON.writeValueAsBytes(body)));
                if (plan.writeKey != null) {
                    request.header("X-Write-Key", plan.writeKey);
                }
                HttpResponse<byte[]> response = client.send(request.build(), HttpResponse.BodyHandlers.ofByteArray());
                stats.latency(startNanos);
                if (response.statusCode() / 100 == 2) {
                    stats.sent(startNanos, events);
                    if (probes != null && probed != null && stats.measured(startNanos) && requests.incrementAndGet() % plan.probeEvery == 0) {
                        probes.watch(probed, startNanos);
                    }
                } else {
                    stats.error("http_" + response.statusCode());
                }
            } catch (IOException failed) {
                stats.latency(startNanos);
                stats.error(failed.getClass().getSimpleName());
            } catch (InterruptedException interrupted) {
                Thread.currentThread().interrupt();
            }
        }
    }

    private static final class KafkaSender extends Sender {
        private final KafkaProducer<String, byte[]> producer;

        KafkaSender(Plan plan, Stats stats) {
            super(plan, stats);
            Properties props = new Properties();
            props.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, plan.kafkaBootstrap);
            props.put(ProducerConfig.ACKS_CONFIG, "all");
            props.put(ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, "true");
            props.put(ProducerConfig.COMPRESSION_TYPE_CONFIG, "lz4");
            props.put(ProducerConfig.LINGER_MS_CONFIG, "5");
            props.put(ProducerConfig.BATCH_SIZE_CONFIG, Integer.toString(256 * 1024));
            producer = new KafkaProducer<>(props, new StringSerializer(), new ByteArraySerializer());
        }

        @Override
        void send(TrafficModel model, int events, long startNanos) {
            Map<String, Object> event = model.next(Instant.now());
            byte[] value;
            try {
                value = JSON.writeValueAsString(event).getBytes(StandardCharsets.UTF_8);
            } catch (com.fasterxml.jackson.core.JsonProcessingException impossible) {
                throw new IllegalStateException(impossible);
            }
            producer.send(new ProducerRecord<>(plan.topic, (String) event.get("user_id"), value), (metadata, failure) -> {
                stats.latency(startNanos);
                if (failure == null) {
                    stats.sent(startNanos, 1);
                } else {
                    stats.error(failure.getClass().getSimpleName());
                }
            });
        }

        @Override
        void close() {
            producer.close(Duration.ofSeconds(30));
        }
    }

    /**
     * Ingest-to-queryable latency: for a sample of accepted events, polls {@code GET /v1/events/{id}}
     * until the event is stored, and records the time from when its request was due (or sent) to the
     * first 200. The figure is as fine as the poll interval, which grows with the time waited
     * ({@code --probe-backoff}): polling every probe every 20 ms multiplied the read load exactly
     * when the consumer was behind, and kept it behind. A probe still waiting after
     * {@code --probe-give-up-s} counts as lost and is recorded with the time it was waited for.
     */
    static final class Probes {
        private final long giveUpNanos;
        /** 401 or 403 once a probe was refused: no probe can succeed without the right read key. */
        private volatile int refusedStatus;

        private final HttpClient client;
        private final String base;
        private final long intervalMillis;
        private final double backoff;
        private final String readKey;
        private final Histogram visible = new Histogram(3_600_000_000_000L, 3);
        private final ScheduledExecutorService polls =
                Executors.newScheduledThreadPool(2, runnable -> {
                    Thread thread = new Thread(runnable, "simulate-probe");
                    thread.setDaemon(true);
                    return thread;
                });
        private final AtomicInteger pending = new AtomicInteger();
        private final LongAdder lost = new LongAdder();

        Probes(HttpClient client, Plan plan) {
            this.client = client;
            this.base = plan.url + "/v1/events/";
            this.intervalMillis = plan.probeIntervalMillis;
            this.backoff = plan.probeBackoff;
            this.readKey = plan.readKey;
            this.giveUpNanos = plan.probeGiveUpSeconds * 1_000_000_000L;
        }

        int refusedStatus() {
            return refusedStatus;
        }

        void watch(String eventId, long startNanos) {
            if (refusedStatus != 0) {
                return;
            }
            pending.incrementAndGet();
            polls.execute(() -> poll(eventId, startNanos));
        }

        private void poll(String eventId, long startNanos) {
            try {
                HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(base + URLEncoder.encode(eventId, StandardCharsets.UTF_8)))
                        .timeout(Duration.ofSeconds(10)).GET();
                if (readKey != null) {
                    request.header("Authorization", "Bearer " + readKey);
                }
                int status = client.send(request.build(), HttpResponse.BodyHandlers.discarding()).statusCode();
                long now = System.nanoTime();
                if (status == 401 || status == 403) {
                    // Not "not stored yet": the event may well be stored; this client may not read it.
                    refusedStatus = status;
                    pending.decrementAndGet();
                    return;
                }
                if (status == 200) {
                    synchronized (visible) {
                        visible.recordValue(Math.max(0, now - startNanos));
                    }
                    pending.decrementAndGet();
                    return;
                }
                if (now - startNanos > giveUpNanos) {
                    // Counted at the time waited, so a run whose events never show up cannot report a low latency.
                    synchronized (visible) {
                        visible.recordValue(now - startNanos);
                    }
                    lost.increment();
                    pending.decrementAndGet();
                    return;
                }
            } catch (IOException | RuntimeException failed) {
                // retried at the next poll
            } catch (InterruptedException interrupted) {
                Thread.currentThread().interrupt();
                return;
            }
            polls.schedule(() -> poll(eventId, startNanos), pauseNanos(System.nanoTime() - startNanos, intervalMillis, backoff),
                    TimeUnit.NANOSECONDS);
        }

        /** The pause before the next poll of a probe that has waited {@code waitedNanos}. */
        static long pauseNanos(long waitedNanos, long intervalMillis, double backoff) {
            return Math.max(TimeUnit.MILLISECONDS.toNanos(intervalMillis), (long) (backoff * Math.max(0, waitedNanos)));
        }

        /** Waits for the probes still polling, then prints the latency line. */
        void finish(PrintStream out) throws InterruptedException {
            if (refusedStatus != 0) {
                polls.shutdownNow();
                out.printf("ingest-to-queryable: not measured, the probes were refused (%d): pass --read-key%n", refusedStatus);
                return;
            }
            long deadline = System.nanoTime() + giveUpNanos + 5_000_000_000L;
            while (pending.get() > 0 && System.nanoTime() < deadline) {
                Thread.sleep(20);
            }
            polls.shutdownNow();
            synchronized (visible) {
                out.printf("ingest-to-queryable ms (%d probes, poll every %d ms or %.0f %% of the time waited, %d lost and counted at the give-up time): "
                                + "p50 %.2f  p90 %.2f  p99 %.2f  max %.2f%n",
                        visible.getTotalCount(), intervalMillis, 100 * backoff, lost.sum(), visible.getValueAtPercentile(50) / 1e6,
                        visible.getValueAtPercentile(90) / 1e6, visible.getValueAtPercentile(99) / 1e6, visible.getMaxValue() / 1e6);
            }
        }
    }
}
