package io.sluice.loadgen;

import com.fasterxml.jackson.databind.ObjectMapper;

/** One way of sending the plan's events; {@link #work} is run by each sending thread. */
abstract class Sender {

    static final ObjectMapper JSON = new ObjectMapper();

    final LoadPlan plan;
    final LoadStats stats;

    Sender(LoadPlan plan, LoadStats stats) {
        this.plan = plan;
        this.stats = stats;
    }

    static Sender of(LoadPlan plan, LoadStats stats) {
        return plan.kafka() ? new KafkaSender(plan, stats) : new HttpSender(plan, stats);
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

    /** The ingest-to-queryable probes of this run, or null when none were taken. */
    Probes probes() {
        return null;
    }

    void close() {
    }
}
