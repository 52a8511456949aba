package io.sluice.loadgen;

import net.sourceforge.argparse4j.impl.Arguments;
import net.sourceforge.argparse4j.inf.Subparser;

/** The options of {@code java -jar sluice.jar simulate}; {@link LoadPlan} reads them back. */
public final class LoadOptions {

    private LoadOptions() {
    }

    public static void declare(Subparser subparser) {
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
}
