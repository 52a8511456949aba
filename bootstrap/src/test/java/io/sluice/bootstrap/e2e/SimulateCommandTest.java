package io.sluice.bootstrap.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import io.dropwizard.testing.junit5.DropwizardAppExtension;
import io.dropwizard.testing.junit5.DropwizardExtensionsSupport;
import io.sluice.adapters.postgres.PostgresFixture;
import io.sluice.bootstrap.SluiceApplication;
import io.sluice.bootstrap.SluiceConfiguration;
import io.sluice.bootstrap.testkit.InJvmServer;
import io.sluice.bootstrap.testkit.TestDirectories;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * The load generator the benchmark relies on, against a real server: a fixed rate after a
 * client warm-up that is sent but not reported, ingest-to-queryable probes that all become
 * visible, and every event it reports (plus the warm-up's) stored once.
 */
@ExtendWith(DropwizardExtensionsSupport.class)
class SimulateCommandTest {

    private static final PostgresFixture.TestDatabase DB = PostgresFixture.newDatabase();

    static final DropwizardAppExtension<SluiceConfiguration> APP =
            InJvmServer.extension(DB, TestDirectories.create("sluice-simulate"));

    @Test
    void sends_at_the_rate_reports_only_after_the_warm_up_and_everything_lands() throws Exception {
        String output = simulate("--url", "http://localhost:" + APP.getLocalPort(), "--target", "batch", "--batch-size", "10",
                "--rate", "500", "--warmup", "2", "--duration", "3", "--concurrency", "4", "--users", "50", "--seed", "7",
                "--read-key", "sluice-local-read-key", "--probe-every", "5", "--probe-interval-ms", "20", "--probe-give-up-s", "20",
                "--quiet");

        Matcher sent = Pattern.compile("sent ([\\d,]+) events in ([\\d,]+) requests over ([\\d.]+) s").matcher(output);
        assertThat(sent.find()).as(output).isTrue();
        long reported = Long.parseLong(sent.group(1).replace(",", ""));
        // Poisson arrivals at 500/s over the 3 measured seconds; the warm-up's ~1,000 are not in the figure.
        assertThat(reported).as(output).isBetween(1_000L, 2_000L);
        assertThat(Double.parseDouble(sent.group(3))).as(output).isBetween(2.9, 4.0);
        assertThat(output).contains("errors: 0 {}");
        Matcher probes = Pattern.compile("ingest-to-queryable ms \\((\\d+) probes, poll every 20 ms or 10 % of the time waited, (\\d+) lost").matcher(output);
        assertThat(probes.find()).as(output).isTrue();
        assertThat(Integer.parseInt(probes.group(1))).as(output).isGreaterThanOrEqualTo(15);
        assertThat(Integer.parseInt(probes.group(2))).as(output).isZero();

        long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
        String stats = stats();
        while (!stats.contains("\"backlog\":0") && System.nanoTime() < deadline) {
            Thread.sleep(100);
            stats = stats();
        }
        assertThat(stats).contains("\"backlog\":0");
        long stored = DB.jdbi().withHandle(h -> h.createQuery("SELECT count(*) FROM raw_events").mapTo(Long.class).one());
        // Warm-up and measured events are all stored: more than reported, at most the 5 s at 500/s with Poisson slack.
        assertThat(stored).isGreaterThan(reported).isBetween(reported + 500, 3_500L);
    }

    private static String stats() throws Exception {
        java.net.http.HttpResponse<String> response = java.net.http.HttpClient.newHttpClient().send(
                java.net.http.HttpRequest.newBuilder(java.net.URI.create("http://localhost:" + APP.getLocalPort() + "/v1/stats"))
                        .header("Authorization", "Bearer sluice-local-read-key").GET().build(),
                java.net.http.HttpResponse.BodyHandlers.ofString());
        assertThat(response.statusCode()).as(response.body()).isEqualTo(200);
        return response.body();
    }

    private static String simulate(String... args) throws Exception {
        String[] command = new String[args.length + 1];
        command[0] = "simulate";
        System.arraycopy(args, 0, command, 1, args.length);
        PrintStream original = System.out;
        ByteArrayOutputStream captured = new ByteArrayOutputStream();
        System.setOut(new PrintStream(captured, true, StandardCharsets.UTF_8));
        try {
            new SluiceApplication().run(command);
        } finally {
            System.setOut(original);
        }
        return captured.toString(StandardCharsets.UTF_8);
    }
}
