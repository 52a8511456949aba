package io.sluice.bootstrap.console;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.dropwizard.testing.ConfigOverride;
import io.dropwizard.testing.junit5.DropwizardAppExtension;
import io.dropwizard.testing.junit5.DropwizardExtensionsSupport;
import io.sluice.adapters.postgres.PostgresFixture;
import io.sluice.bootstrap.SluiceConfiguration;
import io.sluice.bootstrap.testkit.InJvmServer;
import io.sluice.bootstrap.testkit.TestDirectories;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.util.List;
import java.util.UUID;
import java.util.function.Supplier;
import java.util.logging.Level;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.ExtendWith;
import org.openqa.selenium.By;
import org.openqa.selenium.Dimension;
import org.openqa.selenium.JavascriptExecutor;
import org.openqa.selenium.Keys;
import org.openqa.selenium.OutputType;
import org.openqa.selenium.StaleElementReferenceException;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.logging.LogEntry;
import org.openqa.selenium.logging.LogType;
import org.openqa.selenium.support.ui.Select;
import org.openqa.selenium.support.ui.WebDriverWait;

/**
 * The console in a real browser: Debian's headless Chromium driven through chromium-driver (never
 * a downloaded driver), against Sluice in the test JVM. Signs in with the read key; an event
 * posted over HTTP shows in Live within 2 s; a malformed item shows as a refusal and in Dead
 * letters, and replaying it from the page reports it still invalid; a record the database
 * refused until the operator fixed it is replayed from the page and stored exactly once; the
 * aggregates chart draws its series; the page fits a phone's width; the browser console stays
 * free of errors. Skipped, with a message, where Chromium is not installed ({@code .ci/run}
 * installs it). With {@code -Dconsole.screenshots=DIR} it also saves a screenshot of each view.
 */
@ExtendWith(DropwizardExtensionsSupport.class)
@Timeout(value = 240, threadMode = Timeout.ThreadMode.SEPARATE_THREAD)
class ConsoleBrowserTest {

    private static final String READ_KEY = "sluice-local-read-key";
    /** An operator key of e2e-config.yml (its digest is there): replay is an operator action. */
    private static final String ADMIN_KEY = "sluice-test-admin-key";
    private static final ObjectMapper JSON = new ObjectMapper();
    /** The first series colour of console.js: a chart that drew its first series has pixels of it. */
    private static final int[] FIRST_SERIES_RGB = {0x0b, 0x5c, 0xad};

    private static final PostgresFixture.TestDatabase DB = PostgresFixture.newDatabase();
    private static final Path DATA = TestDirectories.create("sluice-console");

    static final DropwizardAppExtension<SluiceConfiguration> APP = InJvmServer.extension(DB, DATA,
            ConfigOverride.config("consumer.maxAttempts", "3"),
            ConfigOverride.config("consumer.initialBackoff", "50ms"));

    private static HeadlessChromium chromium;
    private static ChromeDriver browser;
    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

    @BeforeAll
    static void startBrowser() {
        org.junit.jupiter.api.Assumptions.assumeTrue(HeadlessChromium.installed(),
                "Chromium is not installed: apt-get install -y chromium chromium-driver (.ci/run does) to run the console's browser test");
        chromium = HeadlessChromium.start();
        browser = chromium.driver();
    }

    @AfterAll
    static void stopBrowser() {
        if (chromium != null) {
            chromium.close();
        }
    }

    @Test
    void an_operator_watches_events_arrive_inspects_refusals_replays_and_reads_the_charts() throws Exception {
        browser.get(base() + "/console");
        assertThat(browser.findElement(By.id("login")).isDisplayed()).isTrue();
        signInWithAWrongKeyFirst();
        browser.findElement(By.id("key-input")).sendKeys(READ_KEY, Keys.ENTER);
        waitFor(Duration.ofSeconds(10), () -> text("#live-state").startsWith("Connected"));
        assertThat((String) js("return sessionStorage.getItem('sluice.readKey')")).isEqualTo(READ_KEY);
        assertThat(browser.getCurrentUrl()).doesNotContain(READ_KEY);

        // Live: an event posted over HTTP appears within 2 s (after one that warms a cold JVM's request path up).
        String warmUp = "console-warm-up-" + UUID.randomUUID();
        assertThat(post("[{\"event_id\":\"" + warmUp + "\",\"event_type\":\"page_view\",\"user_id\":\"u0\"}]")).isEqualTo(202);
        waitFor(Duration.ofSeconds(15), () -> rowsContaining("#live-table", warmUp) > 0);
        String id = "console-" + UUID.randomUUID();
        long posted = System.nanoTime();
        assertThat(post("[{\"event_id\":\"" + id + "\",\"event_type\":\"page_view\",\"user_id\":\"u1\"}]")).isEqualTo(202);
        waitFor(Duration.ofSeconds(2), () -> rowsContaining("#live-table", id) > 0);
        assertThat(Duration.ofNanos(System.nanoTime() - posted)).isLessThan(Duration.ofSeconds(2));
        waitFor(Duration.ofSeconds(15), () -> browser.findElements(By.cssSelector("#live-table tr[data-status='stored']")).stream()
                .anyMatch(row -> row.getText().contains(id)));

        // A malformed item: a refusal in Live, with its reason.
        String marker = "console-malformed-" + UUID.randomUUID();
        // Nothing of the request accepted: 422, the item kept as a dead letter (issue 14 item 7).
        assertThat(post("[\"" + marker + "\"]")).isEqualTo(422);
        waitFor(Duration.ofSeconds(2), () -> browser.findElements(By.cssSelector("#live-table tr[data-status='rejected']")).stream()
                .anyMatch(row -> row.getText().contains("malformed")));
        act("#live-table tr[data-status='rejected']", WebElement::click);
        waitFor(Duration.ofSeconds(5), () -> text("#live-detail").contains(marker));
        screenshot("live");

        // ... and in Dead letters, selected with the keyboard; replaying it reports it still invalid.
        browser.findElement(By.cssSelector("#nav a[data-view='dead-letters']")).click();
        browser.findElement(By.cssSelector("details.replay-key summary")).click();
        browser.findElement(By.id("replay-key")).sendKeys(ADMIN_KEY, Keys.TAB);
        assertThat(browser.getCurrentUrl()).doesNotContain(ADMIN_KEY);
        new Select(browser.findElement(By.name("reason"))).selectByValue("malformed");
        browser.findElement(By.cssSelector("#dl-filter button[type='submit']")).click();
        waitFor(Duration.ofSeconds(10), () -> rowsContaining("#dl-table", "malformed") > 0);
        act("#dl-table tbody tr", row -> row.sendKeys(Keys.ENTER));
        waitFor(Duration.ofSeconds(5), () -> text("#dl-detail pre").contains(marker));
        act("#dl-replay-one", WebElement::click);
        waitFor(Duration.ofSeconds(10), () -> text("#dl-outcome").contains("Still invalid"));

        // A record the database refused (a constraint stands in for a broken schema or trigger) is isolated as a dead
        // letter; once the operator fixed the database, replaying it from the page stores it exactly once.
        DB.jdbi().useHandle(h -> h.execute("ALTER TABLE raw_events ADD CONSTRAINT console_test_refusal CHECK (event_type <> 'console_poison')"));
        String poisonId = "console-poison-" + UUID.randomUUID();
        assertThat(post("[{\"event_id\":\"" + poisonId + "\",\"event_type\":\"console_poison\",\"user_id\":\"u2\"}]")).isEqualTo(202);
        waitFor(Duration.ofSeconds(30), () -> deadLetters("retries_exhausted").stream()
                .anyMatch(letter -> letter.path("event_id").asText().equals(poisonId)));
        DB.jdbi().useHandle(h -> h.execute("ALTER TABLE raw_events DROP CONSTRAINT console_test_refusal"));
        new Select(browser.findElement(By.name("reason"))).selectByValue("retries_exhausted");
        browser.findElement(By.cssSelector("#dl-filter button[type='submit']")).click();
        waitFor(Duration.ofSeconds(10), () -> rowsContaining("#dl-table", "retries_exhausted") > 0);
        act("#dl-table tbody tr", WebElement::click);
        waitFor(Duration.ofSeconds(5), () -> text("#dl-detail pre").contains(poisonId));
        screenshot("dead-letters");
        act("#dl-replay-one", WebElement::click);
        waitFor(Duration.ofSeconds(10), () -> text("#dl-outcome").contains("→ " + poisonId));
        waitFor(Duration.ofSeconds(15), () -> storedRows(poisonId) == 1);
        Thread.sleep(1_000);
        assertThat(storedRows(poisonId)).isEqualTo(1);
        long letterId = deadLetters("retries_exhausted").stream().filter(l -> l.path("event_id").asText().equals(poisonId))
                .findFirst().orElseThrow().path("id").asLong();
        HttpResponse<String> again = http.send(HttpRequest.newBuilder(URI.create(base() + "/v1/dead-letters/" + letterId + "/replay"))
                .header("Authorization", "Bearer " + ADMIN_KEY).POST(HttpRequest.BodyPublishers.noBody()).build(),
                HttpResponse.BodyHandlers.ofString());
        assertThat(again.statusCode()).isEqualTo(409);
        assertThat(storedRows(poisonId)).isEqualTo(1);

        // Aggregates: the chart draws its series, not only axes.
        browser.findElement(By.cssSelector("#nav a[data-view='aggregates']")).click();
        new Select(browser.findElement(By.cssSelector("#agg-filter select[name='granularity']"))).selectByValue("minute");
        new Select(browser.findElement(By.cssSelector("#agg-filter select[name='range']"))).selectByValue("3600");
        browser.findElement(By.cssSelector("#agg-filter button[type='submit']")).click();
        waitFor(Duration.ofSeconds(10), () -> seriesPixels("#agg-events canvas") > 20);
        screenshot("aggregates");

        post("[{\"event_type\":\"page_view\",\"user_id\":\"u3\"}]");
        browser.findElement(By.cssSelector("#nav a[data-view='metrics']")).click();
        waitFor(Duration.ofSeconds(10), () -> !text("#met-state").isEmpty());
        screenshot("metrics");
        browser.findElement(By.cssSelector("#nav a[data-view='pipeline']")).click();
        waitFor(Duration.ofSeconds(15), () -> seriesPixels("#pipe-ingest canvas") >= 0 && !browser.findElements(By.cssSelector("#pipe-flow canvas")).isEmpty());
        // Chronicle mode: one local queue, its backlog as before; no Kafka lag per partition to draw.
        assertThat(text("#pipe-numbers")).contains("Backlog").doesNotContain("Kafka lag");
        assertThat(browser.findElement(By.id("pipe-lag-figure")).isDisplayed()).isFalse();
        screenshot("pipeline");

        // A phone's width: the page reflows instead of scrolling sideways.
        browser.manage().window().setSize(new Dimension(390, 844));
        browser.findElement(By.cssSelector("#nav a[data-view='live']")).click();
        waitFor(Duration.ofSeconds(10), () -> text("#live-state").startsWith("Connected"));
        Number overflow = (Number) js("return document.documentElement.scrollWidth - window.innerWidth");
        assertThat(overflow.intValue()).isLessThanOrEqualTo(0);
        screenshot("live-phone");
        browser.manage().window().setSize(new Dimension(1280, 900));

        List<LogEntry> errors = browser.manage().logs().get(LogType.BROWSER).getAll().stream()
                .filter(entry -> entry.getLevel().intValue() >= Level.WARNING.intValue()).toList();
        assertThat(errors).as("browser console errors and warnings").isEmpty();
    }

    /**
     * A mistyped key: the page says so and stays usable, and the browser opens no sign-in prompt of
     * its own (a Basic challenge to the page's fetch would, hiding the message behind a dialog).
     */
    private void signInWithAWrongKeyFirst() {
        browser.findElement(By.id("key-input")).sendKeys("not-" + READ_KEY, Keys.ENTER);
        waitFor(Duration.ofSeconds(10), () -> text("#login-error").contains("not a read key"));
        assertThat(browser.findElement(By.id("login")).isDisplayed()).isTrue();
        assertThat((String) js("return sessionStorage.getItem('sluice.readKey')")).isNull();
        // The challenge the page's own requests get, read by the page: no Basic, so no browser prompt.
        Object challenge = ((JavascriptExecutor) browser).executeAsyncScript("""
                const done = arguments[arguments.length - 1];
                fetch('/v1/stats', { headers: headers('not-a-key'), cache: 'no-store' })
                    .then(response => done(response.status + ' ' + response.headers.get('WWW-Authenticate')))
                    .catch(error => done('failed: ' + error));""");
        assertThat(String.valueOf(challenge)).startsWith("401 Bearer").doesNotContainIgnoringCase("basic");
        // Chromium logs each refused request as a failed resource load; those two 401s are the only entries allowed.
        List<LogEntry> entries = browser.manage().logs().get(LogType.BROWSER).getAll().stream()
                .filter(entry -> entry.getLevel().intValue() >= Level.WARNING.intValue()).toList();
        assertThat(entries).as("browser errors and warnings after the wrong key").hasSize(2).allSatisfy(entry ->
                assertThat(entry.getMessage()).contains("/v1/stats").contains("401"));
        browser.findElement(By.id("key-input")).clear();
    }

    @Test
    void console_answers_forbid_framing_and_foreign_scripts() throws Exception {
        for (String path : List.of("/console", "/console/console.js", "/console/uPlot.iife.min.js")) {
            HttpResponse<String> page = http.send(HttpRequest.newBuilder(URI.create(base() + path)).build(), HttpResponse.BodyHandlers.ofString());
            assertThat(page.statusCode()).isEqualTo(200);
            assertThat(page.headers().firstValue("Content-Security-Policy")).hasValueSatisfying(policy ->
                    assertThat(policy).contains("default-src 'self'", "script-src 'self'", "frame-ancestors 'none'")
                            .doesNotContain("unsafe-inline"));
            assertThat(page.headers().firstValue("X-Frame-Options")).contains("DENY");
        }
        HttpResponse<String> page = http.send(HttpRequest.newBuilder(URI.create(base() + "/console")).build(), HttpResponse.BodyHandlers.ofString());
        assertThat(page.body()).doesNotContainPattern("<script>|<script [^>]*>[^<]+</script>|\\son[a-z]+=\"").doesNotContain("http://", "https://");
        assertThat(http.send(HttpRequest.newBuilder(URI.create(base() + "/console/..%2Fconfig.yml")).build(),
                HttpResponse.BodyHandlers.ofString()).statusCode()).isIn(400, 404);
    }

    /** Acts on the first element matching, again when the page re-rendered it between finding and acting. */
    private void act(String selector, java.util.function.Consumer<WebElement> action) {
        new WebDriverWait(browser, Duration.ofSeconds(10), Duration.ofMillis(50)).ignoring(StaleElementReferenceException.class)
                .until(driver -> {
                    action.accept(driver.findElement(By.cssSelector(selector)));
                    return true;
                });
    }

    private long seriesPixels(String canvasSelector) {
        Object count = js("""
                const canvas = document.querySelector(arguments[0]);
                if (!canvas) return -1;
                const pixels = canvas.getContext('2d').getImageData(0, 0, canvas.width, canvas.height).data;
                let n = 0;
                for (let i = 0; i < pixels.length; i += 4) {
                  if (Math.abs(pixels[i] - arguments[1]) < 8 && Math.abs(pixels[i + 1] - arguments[2]) < 8
                      && Math.abs(pixels[i + 2] - arguments[3]) < 8 && pixels[i + 3] > 200) n++;
                }
                return n;""", canvasSelector, FIRST_SERIES_RGB[0], FIRST_SERIES_RGB[1], FIRST_SERIES_RGB[2]);
        return ((Number) count).longValue();
    }

    private List<JsonNode> deadLetters(String reason) {
        try {
            HttpResponse<String> page = http.send(HttpRequest.newBuilder(URI.create(base() + "/v1/dead-letters?reason=" + reason))
                    .header("Authorization", "Bearer " + READ_KEY).build(), HttpResponse.BodyHandlers.ofString());
            List<JsonNode> letters = new java.util.ArrayList<>();
            JSON.readTree(page.body()).path("dead_letters").forEach(letters::add);
            return letters;
        } catch (Exception failed) {
            throw new IllegalStateException(failed);
        }
    }

    private int storedRows(String eventId) {
        return DB.jdbi().withHandle(h -> h.createQuery("SELECT count(*) FROM raw_events WHERE event_id = :id")
                .bind("id", eventId).mapTo(Integer.class).one());
    }

    private int post(String body) throws Exception {
        return http.send(HttpRequest.newBuilder(URI.create(base() + "/v1/events")).header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(body)).build(), HttpResponse.BodyHandlers.ofString()).statusCode();
    }

    private long rowsContaining(String table, String text) {
        return browser.findElements(By.cssSelector(table + " tbody tr")).stream().filter(row -> row.getText().contains(text)).count();
    }

    private String text(String selector) {
        List<WebElement> found = browser.findElements(By.cssSelector(selector));
        return found.isEmpty() ? "" : found.get(0).getText();
    }

    private Object js(String script, Object... arguments) {
        return ((JavascriptExecutor) browser).executeScript(script, arguments);
    }

    private void waitFor(Duration within, Supplier<Boolean> condition) {
        // The page re-renders lists while a condition reads them: a stale row is read again at the next poll.
        try {
            new WebDriverWait(browser, within, Duration.ofMillis(50)).ignoring(StaleElementReferenceException.class)
                    .until(driver -> condition.get());
        } catch (org.openqa.selenium.TimeoutException notSeen) {
            throw new AssertionError("The page did not get there within " + within + ". It shows:\n"
                    + js("return document.querySelector('main').innerText") + "\nBrowser log: "
                    + browser.manage().logs().get(LogType.BROWSER).getAll(), notSeen);
        }
    }

    /** Saves the view as docs/console/NAME.png when -Dconsole.screenshots names the directory. */
    private void screenshot(String name) throws Exception {
        String directory = System.getProperty("console.screenshots");
        if (directory == null || directory.isBlank()) {
            return;
        }
        Path target = Path.of(directory);
        Files.createDirectories(target);
        Files.copy(browser.getScreenshotAs(OutputType.FILE).toPath(), target.resolve(name + ".png"), StandardCopyOption.REPLACE_EXISTING);
    }

    private static String base() {
        return "http://localhost:" + APP.getLocalPort();
    }
}
