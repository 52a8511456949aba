package io.sluice.bootstrap.reliability;

import static org.assertj.core.api.Assertions.assertThat;

import io.sluice.adapters.postgres.EmbeddedPostgresServer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.jdbi.v3.core.Jdbi;
import org.junit.jupiter.api.Test;

/**
 * The soak behind {@code soak/run}: a steady load on the real jar (Chronicle buffer, an external
 * durable PostgreSQL) for {@code soak.minutes}, with faults on a schedule — SIGKILL and restart,
 * SIGTERM and restart, PostgreSQL stopped for 20 s and started — and a reconciliation at the end.
 * Not a unit test: its name matches neither surefire's nor failsafe's patterns, so only the
 * script runs it. Writes a Markdown report to {@code soak.report}. Bounded: every wait has a
 * deadline; the server, the database and the data directory are removed also on failure.
 */
class SoakRun {

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
        SluiceServer server = null;
        LoadClient load = null;
        Instant began = Instant.now();
        try {
            server = SluiceServer.start(new SluiceServer.Settings(data.resolve("sluice")).env("SLUICE_DATABASE_URL", url).env("SLUICE_DATABASE_PASSWORD", postgres.password()));
            SluiceServer running = server;
            load = LoadClient.start("soak", () -> running.uri("/"), 2, 10, Duration.ofMillis(50));
            String[] faults = {"SIGKILL + restart", "SIGTERM + restart", "PostgreSQL stopped 20 s, started"};
            int faultCount = 6;
            Duration step = total.dividedBy(faultCount + 1);
            long start = System.nanoTime();
            for (int f = 0; f < faultCount; f++) {
                sleepUntil(start + step.multipliedBy(f + 1).toNanos());
                String fault = faults[f % faults.length];
                long acknowledged = load.acknowledged.size();
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
            GracefulShutdownIT.awaitBacklogDrained(server, Duration.ofMinutes(3));
            Reconciliation result = Reconciliation.of(Jdbi.create(url, "postgres", ""), load.sent, load.acknowledged);
            String text = "# Sluice soak, " + began + "\n\n"
                    + String.format("%.1f minutes, 2 clients × 10 events per request, 50 ms pause (≈%d events/s acknowledged on average)%n%n",
                    minutes, result.acknowledged() / Math.max(1, total.toSeconds()))
                    + "| at | fault | acknowledged before | fault + recovery |\n|---|---|---|---|\n" + String.join("\n", timeline) + "\n\n"
                    + "Answers: " + load.answers() + "\n\n"
                    + "| sent | acknowledged | stored rows | lost | duplicates | invented | hourly aggregates = recomputed | minute aggregates = recomputed |\n"
                    + "|---|---|---|---|---|---|---|---|\n"
                    + String.format("| %d | %d | %d | %d | %d | %d | %s | %s |%n", result.sent(), result.acknowledged(), result.storedRows(),
                    result.lost(), result.duplicates(), result.invented(), result.hourlyAggregatesMatch(), result.minuteAggregatesMatch())
                    + "\nVerdict: " + (result.exact() ? "EXACT (nothing acknowledged lost, nothing counted twice)" : "NOT EXACT") + "\n";
            Files.writeString(report, text);
            System.out.println(text);
            assertThat(result.exact()).as("reconciliation %s", result).isTrue();
        } finally {
            if (load != null) {
                load.close();
            }
            if (server != null) {
                server.close();
            }
            postgres.close();
            ReliabilityFiles.deleteRecursively(data);
        }
    }

    private static void sleepUntil(long nanoTime) throws InterruptedException {
        long wait = nanoTime - System.nanoTime();
        if (wait > 0) {
            Thread.sleep(wait / 1_000_000);
        }
    }
}
