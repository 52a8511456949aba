package io.sluice.bootstrap.reliability;

import static org.assertj.core.api.Assertions.assertThat;

import io.sluice.adapters.postgres.EmbeddedPostgresServer;
import io.sluice.bootstrap.testkit.LoadClient;
import io.sluice.bootstrap.testkit.Reconciliation;
import io.sluice.bootstrap.testkit.SluiceProcess;
import io.sluice.bootstrap.testkit.TestDirectories;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import org.jdbi.v3.core.Jdbi;
import org.junit.jupiter.api.Test;

/**
 * The soak behind {@code soak/run}: a steady load on the real jar (Chronicle buffer, an external
 * durable PostgreSQL) for {@code soak.minutes}, with faults on a schedule — SIGKILL and restart,
 * SIGTERM and restart, PostgreSQL stopped for 20 s and started — beside a hostile mix
 * ({@link HostileClient}), and a reconciliation of both at the end.
 * Not a unit test: its name matches neither surefire's nor failsafe's patterns, so only the
 * script runs it. Writes a Markdown report to {@code soak.report}. Bounded: every wait has a
 * deadline; the server, the database and the data directory are removed also on failure.
 */
class SoakRun {

    private static final long HOSTILE_PAUSE_MILLIS = 250;

    @Test
    void soak() throws Exception {
        double minutes = Double.parseDouble(System.getProperty("soak.minutes", "10"));
        Path report = Path.of(System.getProperty("soak.report", "soak-report.md"));
        Duration total = Duration.ofMillis((long) (minutes * 60_000));
        Path data = Files.createTempDirectory("sluice-soak");
        List<String> timeline = new ArrayList<>();
        EmbeddedPostgresServer postgres = EmbeddedPostgresServer.start(data.resolve("postgres"), 0, EmbeddedPostgresServer.Durability.DURABLE);
        int dbPort = postgres.port();
        String url = postgres.jdbcUrl();
        SluiceProcess server = null;
        LoadClient load = null;
        HostileClient hostile = null;
        Instant began = Instant.now();
        try {
            // The hostile client names its own address (X-Forwarded-For from loopback), so its budget is not the load's.
            server = SluiceProcess.start(new SluiceProcess.Settings(data.resolve("sluice")).env("SLUICE_DATABASE_URL", url)
                    .env("SLUICE_DATABASE_PASSWORD", postgres.password()).dw("rateLimit.trustedProxies", "127.0.0.1"));
            SluiceProcess running = server;
            load = LoadClient.sending("soak").to(() -> running.uri("/v1/events")).threads(2).eventsPerRequest(10).pause(Duration.ofMillis(50)).start();
            hostile = HostileClient.start("hostile", () -> running.uri("/"), Duration.ofMillis(HOSTILE_PAUSE_MILLIS));
            String[] faults = {"SIGKILL + restart", "SIGTERM + restart", "PostgreSQL stopped 20 s, started"};
            int faultCount = 6;
            Duration step = total.dividedBy(faultCount + 1);
            long start = System.nanoTime();
            for (int f = 0; f < faultCount; f++) {
                sleepUntil(start + step.multipliedBy(f + 1).toNanos());
                String fault = faults[f % faults.length];
                long acknowledged = load.acknowledged().size();
                long faultStarted = System.nanoTime();
                switch (f % faults.length) {
                    case 0 -> {
                        server.kill();
                        server.start();
                    }
                    case 1 -> {
                        int exit = server.terminate(Duration.ofSeconds(40));
                        assertThat(exit).as("SIGTERM exit code").isEqualTo(143);
                        server.start();
                    }
                    default -> {
                        postgres.close();
                        Thread.sleep(20_000);
                        postgres = EmbeddedPostgresServer.start(data.resolve("postgres"), dbPort, EmbeddedPostgresServer.Durability.DURABLE);
                    }
                }
                timeline.add(String.format("| %s | %s | %d | %.1f s |", Duration.ofNanos(faultStarted - start).toSeconds() + " s", fault,
                        acknowledged, (System.nanoTime() - faultStarted) / 1e9));
            }
            sleepUntil(start + total.toNanos());
            load.close();
            hostile.close();
            server.awaitBacklogDrained(Duration.ofMinutes(3));
            Jdbi jdbi = Jdbi.create(url, "postgres", postgres.password());
            Set<String> sent = new HashSet<>(load.sent());
            sent.addAll(hostile.sent);
            Set<String> acknowledged = new HashSet<>(load.acknowledged());
            acknowledged.addAll(hostile.acknowledged);
            Reconciliation result = Reconciliation.of(jdbi, sent, acknowledged);
            HostileOutcome attacks = HostileOutcome.of(jdbi, hostile);
            String text = "# Sluice soak, " + began + "\n\n"
                    + String.format("%.1f minutes, 2 clients × 10 events per request, 50 ms pause (≈%d events/s acknowledged on average)%n%n",
                    minutes, result.acknowledged() / Math.max(1, total.toSeconds()))
                    + "| at | fault | acknowledged before | fault + recovery |\n|---|---|---|---|\n" + String.join("\n", timeline) + "\n\n"
                    + "Answers: " + load.statuses() + ", without an answer " + load.failures() + "\n\n"
                    + "| sent | acknowledged | stored rows | lost | duplicates | invented | hourly aggregates = recomputed | minute aggregates = recomputed |\n"
                    + "|---|---|---|---|---|---|---|---|\n"
                    + String.format("| %d | %d | %d | %d | %d | %d | %s | %s |%n", result.sent(), result.acknowledged(), result.storedRows(),
                    result.lost(), result.duplicates(), result.invented(), result.hourlyAggregatesMatch(), result.minuteAggregatesMatch())
                    + "\nHostile mix (one client, one request every " + HOSTILE_PAUSE_MILLIS + " ms, attacks round robin beside ordinary "
                    + "items; its items are in the reconciliation above): " + hostile.requests() + " requests, answers " + hostile.answers()
                    + "\n\n" + attacks.table()
                    + "\nVerdict: " + (result.exact() && attacks.holds() ? "EXACT (nothing acknowledged lost, nothing counted twice, "
                    + "nothing refused stored)" : "NOT EXACT") + "\n";
            Files.writeString(report, text);
            System.out.println(text);
            assertThat(result.exact()).as("reconciliation %s", result).isTrue();
            assertThat(attacks.holds()).as("hostile mix %s", attacks).isTrue();
        } finally {
            if (load != null) {
                load.close();
            }
            if (hostile != null) {
                hostile.close();
            }
            if (server != null) {
                server.close();
            }
            postgres.close();
            TestDirectories.deleteRecursively(data);
        }
    }

    private static void sleepUntil(long nanoTime) throws InterruptedException {
        long wait = nanoTime - System.nanoTime();
        if (wait > 0) {
            Thread.sleep(wait / 1_000_000);
        }
    }
}
