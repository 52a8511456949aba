package io.sluice.loadgen;

import java.io.PrintStream;
import java.util.ArrayList;
import java.util.List;
import net.sourceforge.argparse4j.inf.Namespace;
import org.HdrHistogram.Histogram;

/**
 * Realistic traffic (seed 003's simulator) against a running Sluice — the native API one event or
 * a batch per request, seed 000's {@code /track}, or straight into Kafka — at a target rate with
 * exponential inter-arrival times, or as fast as possible. Latencies go into an HdrHistogram; at
 * a fixed rate each one is measured from the moment the request was due, not from when it was
 * sent, so a stalled server cannot hide its stall (coordinated omission).
 *
 * <p>The seed fixes the traffic (users, types, data), not the event ids: each run draws a run id
 * into its ids, so a second run sends new events rather than duplicates the store would drop while
 * the report claimed them sent. A run fails ({@link SimulationFailed}) when requests could not be
 * sent (connection errors), nothing was accepted, or the probes were refused for want of a read key.
 */
public final class Simulation {

    private Simulation() {
    }

    /** Sends the load the arguments ({@link LoadOptions}) describe and prints progress and the report to {@code out}. */
    public static void run(Namespace args, PrintStream out) throws SimulationFailed, InterruptedException {
        LoadPlan plan = new LoadPlan(args);
        LoadStats stats = new LoadStats();
        out.printf("simulate: target=%s rate=%s events=%s duration=%ss users=%d concurrency=%d%n", plan.target,
                plan.rate > 0 ? plan.rate + "/s" : "max", plan.duration > 0 ? "-" : plan.events, plan.duration, plan.users, plan.concurrency);
        long started = System.nanoTime();
        stats.measureFromNanos = started + plan.warmupNanos;
        Sender sender = Sender.of(plan, stats);
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
            if (!plan.quiet) {
                out.printf("  %6.1fs  %,10d events  %,9.0f ev/s  p50 %7.2f ms  p99 %7.2f ms  errors %d%n",
                        (System.nanoTime() - started) / 1e9, events, (events - lastEvents) / 1.0,
                        interval.getValueAtPercentile(50) / 1e6, interval.getValueAtPercentile(99) / 1e6, stats.errors());
            }
            lastEvents = events;
        }
        sender.close();
        total.add(stats.latencies.getIntervalHistogram());
        report(out, stats, total);
        if (sender.probes() != null) {
            sender.probes().finish(out);
        }
        String failure = failure(stats, sender.probes());
        if (failure != null) {
            System.err.println("simulate: " + failure);
            throw new SimulationFailed(failure);
        }
    }

    private static void report(PrintStream out, LoadStats stats, Histogram total) {
        double seconds = (System.nanoTime() - stats.measureFromNanos) / 1e9;
        long events = stats.events.sum();
        out.printf("%nsent %,d events in %,d requests over %.1f s: %,.0f events/s, %,.0f requests/s%n", events,
                total.getTotalCount(), seconds, events / seconds, total.getTotalCount() / seconds);
        out.printf("latency ms: p50 %.2f  p90 %.2f  p99 %.2f  p99.9 %.2f  max %.2f%n", total.getValueAtPercentile(50) / 1e6,
                total.getValueAtPercentile(90) / 1e6, total.getValueAtPercentile(99) / 1e6,
                total.getValueAtPercentile(99.9) / 1e6, total.getMaxValue() / 1e6);
        out.printf("errors: %d %s%n", stats.errors(), stats.errorsByKind);
    }

    /** Why this run must not pass for a good one (non-zero exit), or null. */
    private static String failure(LoadStats stats, Probes probes) {
        if (probes != null && probes.refusedStatus() != 0) {
            return "the probes' GET /v1/events/{id} was refused with " + probes.refusedStatus()
                    + ": pass the read key with --read-key (config.yml accepts sluice-local-read-key); no ingest-to-queryable "
                    + "figure was measured";
        }
        long connectionErrors = stats.connectionErrors();
        if (connectionErrors > 0) {
            return connectionErrors + " request(s) failed without an answer " + stats.errorsByKind
                    + ": is Sluice running at the URL given with --url?";
        }
        if (stats.events.sum() == 0 && stats.errors() > 0) {
            return "no request was accepted " + stats.errorsByKind + " (401: pass --write-key)";
        }
        return null;
    }
}
