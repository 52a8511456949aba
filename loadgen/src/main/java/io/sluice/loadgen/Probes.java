package io.sluice.loadgen;

import java.io.IOException;
import java.io.PrintStream;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.LongAdder;
import org.HdrHistogram.Histogram;

/**
 * Ingest-to-queryable latency: for a sample of accepted events, polls {@code GET /v1/events/{id}}
 * until the event is stored, and records the time from when its request was due (or sent) to the
 * first 200. The figure is as fine as the poll interval, which grows with the time waited
 * ({@code --probe-backoff}): polling every probe every 20 ms multiplied the read load exactly
 * when the consumer was behind, and kept it behind. A probe still waiting after
 * {@code --probe-give-up-s} counts as lost and is recorded with the time it was waited for.
 */
final class Probes {
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

    Probes(HttpClient client, LoadPlan plan) {
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
