package io.sluice.bootstrap.kafka;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.dropwizard.testing.ConfigOverride;
import io.dropwizard.testing.DropwizardTestSupport;
import io.sluice.adapters.postgres.PostgresFixture;
import io.sluice.bootstrap.SluiceConfiguration;
import io.sluice.bootstrap.console.HeadlessChromium;
import io.sluice.bootstrap.testkit.InJvmServer;
import io.sluice.bootstrap.testkit.KafkaCluster;
import io.sluice.bootstrap.testkit.KafkaModeConfig;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.function.Predicate;
import java.util.logging.Level;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.openqa.selenium.By;
import org.openqa.selenium.JavascriptExecutor;
import org.openqa.selenium.Keys;
import org.openqa.selenium.StaleElementReferenceException;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.logging.LogEntry;
import org.openqa.selenium.logging.LogType;
import org.openqa.selenium.support.ui.WebDriverWait;

/**
 * Issue 19's Pipeline view in Kafka mode reads the consumer group's lag per partition from
 * {@code GET /v1/stats}: on a real broker, an ingest-only node ({@code consumer.enabled: false})
 * reports the events it buffered as lag spread over the topic's partitions, and once a second
 * node of the same group drained them, lag 0 on every partition; the console's Pipeline view
 * shows the same figures and draws the lag chart (where Chromium is installed), with no errors
 * in the browser console.
 */
class KafkaLagOverHttpTest {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String READ_KEY = "sluice-kafka-lag-test-read-key";
    private static final int EVENTS = 600;
    private static final PostgresFixture.TestDatabase DB = PostgresFixture.newDatabase();

    @RegisterExtension
    static final KafkaCluster KAFKA = new KafkaCluster(1);

    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

    @Test
    void the_stats_route_reports_lag_per_partition_until_the_consumer_drained_it() throws Exception {
        DropwizardTestSupport<SluiceConfiguration> ingestOnly = node(false);
        ingestOnly.before();
        try {
            for (int request = 0; request < EVENTS / 100; request++) {
                StringBuilder batch = new StringBuilder("[");
                for (int i = 0; i < 100; i++) {
                    int n = request * 100 + i;
                    batch.append(i == 0 ? "" : ",").append("{\"event_id\":\"lag-").append(n)
                            .append("\",\"event_type\":\"page_view\",\"user_id\":\"user-").append(n % 97).append("\"}");
                }
                HttpResponse<String> answer = http.send(HttpRequest.newBuilder(uri(ingestOnly, "/v1/events"))
                        .header("Content-Type", "application/json").header("Authorization", "Bearer " + KafkaModeConfig.WRITE_KEY)
                        .POST(HttpRequest.BodyPublishers.ofString(batch.append("]").toString())).build(), HttpResponse.BodyHandlers.ofString());
                assertThat(answer.statusCode()).as(answer.body()).isEqualTo(202);
            }

            // Nobody consumes: the group has committed nothing, so every buffered event is lag.
            JsonNode waiting = awaitStats(ingestOnly, stats -> sum(lag(stats)) == EVENTS);
            Map<Integer, Long> before = lag(waiting);
            assertThat(before.keySet()).as("every partition of the events topic").containsExactly(0, 1, 2, 3, 4, 5);
            assertThat(before.values().stream().filter(records -> records > 0).count())
                    .as("97 users spread over several partitions").isGreaterThan(1);
            assertThat(waiting.get("backlog").asLong()).isEqualTo(EVENTS);
            HeadlessChromium chromium = HeadlessChromium.installed() ? HeadlessChromium.start() : null;
            try {
                if (chromium != null) {
                    pipelineViewShowsLag(chromium.driver(), ingestOnly, lagShown -> lagShown.equals(lagTexts(before)));
                }
                drainWithASecondNode(ingestOnly, chromium);
            } finally {
                if (chromium != null) {
                    chromium.close();
                }
            }
        } finally {
            ingestOnly.after();
        }
    }

    private void drainWithASecondNode(DropwizardTestSupport<SluiceConfiguration> ingestOnly, HeadlessChromium chromium) throws Exception {
        DropwizardTestSupport<SluiceConfiguration> consumer = node(true);
        consumer.before();
        try {
            JsonNode drained = awaitStats(ingestOnly, stats -> lag(stats).size() == 6 && sum(lag(stats)) == 0);
            assertThat(lag(drained)).isEqualTo(Map.of(0, 0L, 1, 0L, 2, 0L, 3, 0L, 4, 0L, 5, 0L));
            long stored = DB.jdbi().withHandle(h -> h.createQuery("SELECT count(*) FROM raw_events WHERE event_id LIKE 'lag-%'")
                    .mapTo(Long.class).one());
            assertThat(stored).isEqualTo(EVENTS);
            assertThat(lag(awaitStats(consumer, stats -> lag(stats).size() == 6 && sum(lag(stats)) == 0)))
                    .as("the consuming node says the same").hasSize(6);
            if (chromium != null) {
                pipelineViewShowsLag(chromium.driver(), null, lagShown -> lagShown.equals(List.of("0", "0", "0", "0", "0", "0")));
                List<LogEntry> problems = chromium.driver().manage().logs().get(LogType.BROWSER).getAll().stream()
                        .filter(entry -> entry.getLevel().intValue() >= Level.WARNING.intValue()).toList();
                assertThat(problems).as("browser console errors and warnings").isEmpty();
            }
        } finally {
            consumer.after();
        }
    }

    /**
     * The console's Pipeline view (signed in first when {@code signInAt} is given) until its numbers
     * show the lag of partitions 0 to 5 as wanted, with the lag chart drawn.
     */
    private static void pipelineViewShowsLag(ChromeDriver browser, DropwizardTestSupport<SluiceConfiguration> signInAt,
                                             Predicate<List<String>> wanted) {
        if (signInAt != null) {
            browser.get("http://127.0.0.1:" + signInAt.getLocalPort() + "/console#pipeline");
            browser.findElement(By.id("key-input")).sendKeys(READ_KEY, Keys.ENTER);
        }
        try {
            new WebDriverWait(browser, Duration.ofSeconds(60), Duration.ofMillis(200)).ignoring(StaleElementReferenceException.class)
                    .until(driver -> wanted.test(shownLag(browser))
                            && browser.findElement(By.id("pipe-lag-figure")).isDisplayed()
                            && !browser.findElements(By.cssSelector("#pipe-lag canvas")).isEmpty());
        } catch (org.openqa.selenium.TimeoutException notSeen) {
            throw new AssertionError("The Pipeline view shows lag " + shownLag(browser) + "; the page says:\n"
                    + ((JavascriptExecutor) browser).executeScript("return document.querySelector('main').innerText"), notSeen);
        }
    }

    @SuppressWarnings("unchecked")
    private static List<String> shownLag(ChromeDriver browser) {
        return (List<String>) ((JavascriptExecutor) browser).executeScript("""
                return [...document.querySelectorAll('#pipe-numbers div')]
                    .filter(item => item.firstChild.textContent.startsWith('Kafka lag, partition '))
                    .map(item => item.lastChild.textContent);""");
    }

    private static List<String> lagTexts(Map<Integer, Long> lag) {
        return lag.values().stream().map(String::valueOf).toList();
    }

    private static DropwizardTestSupport<SluiceConfiguration> node(boolean consumer) {
        List<ConfigOverride> overrides = new ArrayList<>(List.of(KafkaModeConfig.overrides(KAFKA::bootstrapServers, DB, 1, 1)));
        overrides.add(ConfigOverride.config("consumer.enabled", Boolean.toString(consumer)));
        overrides.add(ConfigOverride.config("auth.readKeys[0].sha256", sha256(READ_KEY)));
        return InJvmServer.support(KafkaModeConfig.path(), overrides.toArray(ConfigOverride[]::new));
    }

    private JsonNode awaitStats(DropwizardTestSupport<SluiceConfiguration> node, Predicate<JsonNode> until) throws Exception {
        // Generous: the lag is measured every second, and a consumer joining the group waits for its rebalance.
        long deadline = System.nanoTime() + Duration.ofSeconds(90).toNanos();
        JsonNode stats = null;
        while (System.nanoTime() < deadline) {
            HttpResponse<String> answer = http.send(HttpRequest.newBuilder(uri(node, "/v1/stats"))
                    .header("Authorization", "Bearer " + READ_KEY).build(), HttpResponse.BodyHandlers.ofString());
            assertThat(answer.statusCode()).as(answer.body()).isEqualTo(200);
            stats = JSON.readTree(answer.body());
            if (until.test(stats)) {
                return stats;
            }
            Thread.sleep(250);
        }
        throw new AssertionError("GET /v1/stats never got there; it last said " + stats);
    }

    private static Map<Integer, Long> lag(JsonNode stats) {
        Map<Integer, Long> lag = new TreeMap<>();
        stats.get("lag_by_partition").forEach(entry -> lag.put(entry.get("partition").asInt(), entry.get("lag").asLong()));
        return lag;
    }

    private static long sum(Map<Integer, Long> lag) {
        return lag.values().stream().mapToLong(Long::longValue).sum();
    }

    private static String sha256(String key) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(key.getBytes(StandardCharsets.UTF_8)));
        } catch (java.security.NoSuchAlgorithmException impossible) {
            throw new IllegalStateException(impossible);
        }
    }

    private static URI uri(DropwizardTestSupport<SluiceConfiguration> node, String path) {
        return URI.create("http://127.0.0.1:" + node.getLocalPort() + path);
    }
}
