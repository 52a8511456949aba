package io.sluice.loadgen;

import java.security.SecureRandom;
import java.util.concurrent.atomic.AtomicLong;
import net.sourceforge.argparse4j.inf.Namespace;

/** What to send, read once from the arguments ({@link LoadOptions}). Thread-safe. */
final class LoadPlan {
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
    final boolean quiet;
    private final AtomicLong remaining;
    private final Object schedule = new Object();
    private long nextDue;
    private final TrafficModel gaps;

    LoadPlan(Namespace args) {
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
        quiet = args.getBoolean("quiet");
        remaining = new AtomicLong(duration > 0 ? Long.MAX_VALUE : events);
        gaps = new TrafficModel(seed ^ 0x5DEECE66DL, 1, "gap");
    }

    boolean kafka() {
        return "kafka".equals(target);
    }

    boolean track() {
        return "track".equals(target);
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
