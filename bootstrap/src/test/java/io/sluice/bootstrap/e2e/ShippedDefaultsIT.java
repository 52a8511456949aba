package io.sluice.bootstrap.e2e;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.sluice.bootstrap.testkit.SluiceProcess;
import java.io.IOException;
import java.net.Inet4Address;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.NetworkInterface;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.MessageDigest;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.Collections;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

/**
 * Issue 14's operator findings, against the shaded jar run as users run it: the shipped
 * {@code config.yml} (ports and data directory from the environment only), {@code hash-key} and
 * {@code check} from the command line, a second start on the same data directory, a start that
 * fails, the embedded database's authentication, the admin port's address, keys in DEBUG logs, and
 * {@code simulate}'s report and exit status.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class ShippedDefaultsIT {

    private static final String READ_KEY = "sluice-local-read-key";
    private static final HttpClient HTTP = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();

    private Path work;
    private Path dataDir;
    private SluiceProcess running;

    @BeforeAll
    void startOnConfigYml() throws Exception {
        work = Files.createTempDirectory("sluice-shipped");
        dataDir = work.resolve("data");
        running = SluiceProcess.start(new SluiceProcess.Settings(dataDir).log(work.resolve("first.log")));
    }

    @AfterAll
    void stop() throws Exception {
        if (running != null) {
            running.close();
        }
    }

    @Test
    void hash_key_prints_only_the_digest_and_check_refuses_what_the_server_would() throws Exception {
        SluiceProcess.Exit hashed = run(List.of("hash-key", "my write key"), Map.of());
        assertThat(hashed.code()).isZero();
        assertThat(hashed.stdout()).isEqualTo(sha256("my write key") + "\n");

        SluiceProcess.Exit generated = run(List.of("hash-key"), Map.of());
        assertThat(generated.stdout()).matches("[0-9a-f]{64}\n");
        Matcher key = Pattern.compile("generated key .*: (sk_[0-9a-f]{64})").matcher(generated.stderr());
        assertThat(key.find()).as(generated.stderr()).isTrue();
        assertThat(generated.stdout().trim()).isEqualTo(sha256(key.group(1)));

        // What the README's export captured before: a label with the digest. check must refuse it, as the server does.
        String config = SluiceProcess.rootConfig().resolveSibling("config-kafka.yml").toString();
        SluiceProcess.Exit labelled = run(List.of("check", config), Map.of("SLUICE_WRITE_KEY_SHA256", "sha256: " + sha256("k")));
        assertThat(labelled.code()).as(labelled.output()).isNotZero();
        assertThat(labelled.output()).contains("64 hex digits").doesNotContain("Configuration is OK");
        for (String variable : List.of("SLUICE_READ_KEY_SHA256", "SLUICE_ADMIN_KEY_SHA256")) {
            SluiceProcess.Exit bad = run(List.of("check", config), Map.of("SLUICE_WRITE_KEY_SHA256", sha256("w"), variable, "sha256: " + sha256("k")));
            assertThat(bad.code()).as(variable + ": " + bad.output()).isNotZero();
            assertThat(bad.output()).as(variable).contains("64 hex digits").doesNotContain("Configuration is OK");
        }

        SluiceProcess.Exit good = run(List.of("check", config), Map.of("SLUICE_WRITE_KEY_SHA256", hashed.stdout().trim(),
                "SLUICE_READ_KEY_SHA256", sha256("r")));
        // Exit status only: Dropwizard logs "Configuration is OK" through its asynchronous appender, which the
        // exiting JVM does not always flush.
        assertThat(good.code()).as(good.output()).isZero();
    }

    @Test
    void a_second_start_on_the_data_directory_fails_and_leaves_the_running_instance_and_its_database_alone() throws Exception {
        long postmaster = postmasterPid(dataDir.resolve("postgres"));
        SluiceProcess.Exit second = SluiceProcess.startExpectingExit(new SluiceProcess.Settings(dataDir).log(work.resolve("second.log")),
                Duration.ofSeconds(120));
        assertThat(second.code()).isNotZero();
        assertThat(second.output()).contains("is in use by another Sluice process (pid " + running.pid() + ")");

        assertThat(ProcessHandle.of(postmaster).map(ProcessHandle::isAlive)).as("the first instance's postmaster").contains(true);
        String id = "second-start-" + UUID.randomUUID();
        assertThat(post(id).statusCode()).isEqualTo(202);
        awaitStored(id);
    }

    @Test
    void a_start_that_fails_after_the_database_started_stops_that_database() throws Exception {
        Path data = work.resolve("failed-start");
        try (ServerSocket taken = new ServerSocket(0, 50, InetAddress.getByName("0.0.0.0"))) {
            SluiceProcess.Exit failed = SluiceProcess.startExpectingExit(new SluiceProcess.Settings(data)
                    .env("SLUICE_HTTP_PORT", Integer.toString(taken.getLocalPort())).log(work.resolve("port-taken.log")), Duration.ofSeconds(120));
            assertThat(failed.code()).isNotZero();
            assertThat(failed.output()).as("it got as far as starting the database").contains("Embedded PostgreSQL at");
        }
        assertThat(postgresProcessesIn(data.resolve("postgres").toRealPath())).as("postgres processes left behind").isEmpty();
    }

    @Test
    void the_embedded_database_refuses_a_login_without_its_generated_password() throws Exception {
        String url = embeddedDatabaseUrl();
        Properties noPassword = new Properties();
        noPassword.setProperty("user", "postgres");
        assertThatThrownBy(() -> DriverManager.getConnection(url, noPassword).close())
                .isInstanceOf(SQLException.class).hasMessageContaining("password");

        Path file = dataDir.resolve("postgres.password");
        assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(file))).isEqualTo("rw-------");
        Properties withPassword = new Properties();
        withPassword.setProperty("user", "postgres");
        withPassword.setProperty("password", Files.readString(file).trim());
        DriverManager.getConnection(url, withPassword).close();
    }

    @Test
    void the_embedded_database_gets_a_quarter_of_the_machines_memory_as_its_buffer_pool() throws Exception {
        String url = embeddedDatabaseUrl();
        Properties login = new Properties();
        login.setProperty("user", "postgres");
        login.setProperty("password", Files.readString(dataDir.resolve("postgres.password")).trim());
        long memory = ((com.sun.management.OperatingSystemMXBean) java.lang.management.ManagementFactory.getOperatingSystemMXBean())
                .getTotalMemorySize();
        try (var connection = DriverManager.getConnection(url, login);
             var result = connection.createStatement().executeQuery(
                     "SELECT setting::bigint * 8192 FROM pg_settings WHERE name = 'shared_buffers'")) {
            assertThat(result.next()).isTrue();
            assertThat(result.getLong(1)).isEqualTo(Math.max(128L << 20, (memory / 4) >> 20 << 20));
        }
    }

    @Test
    void the_admin_port_answers_on_loopback_only() throws Exception {
        assertThat(HTTP.send(HttpRequest.newBuilder(running.adminUri("/ping")).build(), HttpResponse.BodyHandlers.ofString()).statusCode())
                .isEqualTo(200);
        InetAddress external = externalAddress();
        assertThat(external).as("this test needs a non-loopback IPv4 address").isNotNull();
        int adminPort = running.adminUri("/").getPort();
        assertThatThrownBy(() -> {
            try (Socket socket = new Socket()) {
                socket.connect(new InetSocketAddress(external, adminPort), 2_000);
            }
        }).as("admin port on " + external).isInstanceOf(IOException.class);
        // The application port is meant to be reachable: the check above is about the address, not the machine.
        try (Socket socket = new Socket()) {
            socket.connect(new InetSocketAddress(external, running.uri("/").getPort()), 2_000);
        }
    }

    @Test
    void keys_stay_out_of_the_log_even_with_the_root_logger_at_debug() throws Exception {
        HttpResponse<String> debug = HTTP.send(HttpRequest.newBuilder(running.adminUri("/tasks/log-level?logger=ROOT&level=DEBUG"))
                .POST(HttpRequest.BodyPublishers.noBody()).build(), HttpResponse.BodyHandlers.ofString());
        // Before the fix this made Jetty's HttpParser log "FIELD(Authorization: Bearer …)" for every request.
        assertThat(debug.statusCode()).as(debug.body()).isEqualTo(200);
        assertThat(debug.body()).contains("Configured logging level for ROOT to DEBUG");
        long before = Files.size(running.log());
        try {
            String bearer = "bearer-secret-" + UUID.randomUUID();
            String writeKey = "write-secret-" + UUID.randomUUID();
            String apiKey = "api-secret-" + UUID.randomUUID();
            String basic = "basic-secret-" + UUID.randomUUID();
            String body = "[{\"event_type\":\"page_view\",\"user_id\":\"u1\"}]";
            for (String[] header : List.of(new String[] {"Authorization", "Bearer " + bearer}, new String[] {"X-Write-Key", writeKey},
                    new String[] {"X-Api-Key", apiKey},
                    new String[] {"Authorization", "Basic " + Base64.getEncoder().encodeToString((basic + ":").getBytes(StandardCharsets.UTF_8))})) {
                HTTP.send(HttpRequest.newBuilder(running.uri("/v1/events")).header("Content-Type", "application/json")
                        .header(header[0], header[1]).POST(HttpRequest.BodyPublishers.ofString(body)).build(),
                        HttpResponse.BodyHandlers.ofString());
                HTTP.send(HttpRequest.newBuilder(running.uri("/v1/stats")).header(header[0], header[1]).build(),
                        HttpResponse.BodyHandlers.ofString());
            }
            HTTP.send(HttpRequest.newBuilder(running.uri("/v1/batch")).header("Content-Type", "application/json")
                    .POST(HttpRequest.BodyPublishers.ofString("{\"writeKey\":\"" + writeKey + "\",\"batch\":[]}")).build(),
                    HttpResponse.BodyHandlers.ofString());
            Thread.sleep(500);
            String logged = Files.readString(running.log()).substring((int) before);
            String encodedBasic = Base64.getEncoder().encodeToString((basic + ":").getBytes(StandardCharsets.UTF_8));
            for (String secret : List.of(bearer, writeKey, apiKey, basic, encodedBasic, READ_KEY)) {
                assertThat(logged).as("log after ROOT=DEBUG").doesNotContain(secret);
            }
        } finally {
            HTTP.send(HttpRequest.newBuilder(running.adminUri("/tasks/log-level?logger=ROOT&level=INFO"))
                    .POST(HttpRequest.BodyPublishers.noBody()).build(), HttpResponse.BodyHandlers.ofString());
        }
    }

    @Test
    void simulate_sends_new_events_on_every_run_and_fails_loudly() throws Exception {
        String url = "http://127.0.0.1:" + running.uri("/").getPort();
        List<String> args = List.of("simulate", "--url", url, "--events", "40", "--concurrency", "2", "--seed", "7", "--quiet");
        long storedBefore = totalEvents();
        SluiceProcess.Exit first = run(args, Map.of());
        SluiceProcess.Exit second = run(args, Map.of());
        assertThat(first.code()).as(first.output()).isZero();
        assertThat(second.code()).as(second.output()).isZero();
        assertThat(second.stdout()).contains("sent 40 events");
        awaitTotal(storedBefore + 80);

        List<String> probing = new ArrayList<>(args);
        probing.addAll(List.of("--probe-every", "1", "--probe-give-up-s", "5"));
        SluiceProcess.Exit unauthorised = run(probing, Map.of());
        assertThat(unauthorised.code()).as("probes without a read key").isNotZero();
        assertThat(unauthorised.stderr()).contains("refused with 401").contains("--read-key");
        assertThat(unauthorised.stdout()).doesNotContain("lost and counted");

        SluiceProcess.Exit nobodyThere = run(List.of("simulate", "--url", "http://127.0.0.1:" + SluiceProcess.freePort(), "--events", "5",
                "--concurrency", "1", "--quiet"), Map.of());
        assertThat(nobodyThere.code()).as(nobodyThere.output()).isNotZero();
        assertThat(nobodyThere.stderr()).contains("failed without an answer");
    }

    private HttpResponse<String> post(String id) throws Exception {
        return HTTP.send(HttpRequest.newBuilder(running.uri("/v1/events")).header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString("[{\"event_id\":\"" + id + "\",\"event_type\":\"page_view\",\"user_id\":\"u1\"}]"))
                .build(), HttpResponse.BodyHandlers.ofString());
    }

    private void awaitStored(String id) throws Exception {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
        int status = 0;
        while (System.nanoTime() < deadline) {
            status = HTTP.send(HttpRequest.newBuilder(running.uri("/v1/events/" + id)).header("Authorization", "Bearer " + READ_KEY).build(),
                    HttpResponse.BodyHandlers.ofString()).statusCode();
            if (status == 200) {
                return;
            }
            Thread.sleep(200);
        }
        throw new AssertionError("event " + id + " not stored within 30 s (last status " + status + ")");
    }

    private long totalEvents() throws Exception {
        String stats = HTTP.send(HttpRequest.newBuilder(running.uri("/v1/stats")).header("Authorization", "Bearer " + READ_KEY).build(),
                HttpResponse.BodyHandlers.ofString()).body();
        Matcher total = Pattern.compile("\"total_events\":(\\d+)").matcher(stats);
        assertThat(total.find()).as(stats).isTrue();
        return Long.parseLong(total.group(1));
    }

    private void awaitTotal(long expected) throws Exception {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
        long total = 0;
        while (System.nanoTime() < deadline) {
            total = totalEvents();
            if (total >= expected) {
                break;
            }
            Thread.sleep(200);
        }
        assertThat(total).as("both runs' events stored (a repeated seed must not resend the same ids)").isEqualTo(expected);
    }

    private static long postmasterPid(Path pgData) throws IOException {
        return Long.parseLong(Files.readAllLines(pgData.resolve("postmaster.pid")).get(0).trim());
    }

    /** Live postgres processes whose working directory is {@code pgData}. */
    private static List<Long> postgresProcessesIn(Path pgData) {
        List<Long> found = new ArrayList<>();
        try (Stream<ProcessHandle> all = ProcessHandle.allProcesses()) {
            all.forEach(process -> {
                Path proc = Path.of("/proc", Long.toString(process.pid()));
                try {
                    String name = new String(Files.readAllBytes(proc.resolve("cmdline")), StandardCharsets.UTF_8).split("\u0000", 2)[0];
                    if ((name.equals("postgres") || name.endsWith("/postgres")) && Files.readSymbolicLink(proc.resolve("cwd")).equals(pgData)) {
                        found.add(process.pid());
                    }
                } catch (IOException | RuntimeException gone) {
                    // exited meanwhile, or not ours to read
                }
            });
        }
        return found;
    }

    private static InetAddress externalAddress() throws IOException {
        for (NetworkInterface nic : Collections.list(NetworkInterface.getNetworkInterfaces())) {
            if (!nic.isUp() || nic.isLoopback()) {
                continue;
            }
            for (InetAddress address : Collections.list(nic.getInetAddresses())) {
                if (address instanceof Inet4Address) {
                    return address;
                }
            }
        }
        return null;
    }

    private static String sha256(String text) throws Exception {
        return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(text.getBytes(StandardCharsets.UTF_8)));
    }

    private SluiceProcess.Exit run(List<String> args, Map<String, String> env) throws Exception {
        return SluiceProcess.run(args, env, work);
    }

    private String embeddedDatabaseUrl() throws IOException {
        Matcher url = Pattern.compile("Embedded PostgreSQL at (jdbc:postgresql://127\\.0\\.0\\.1:\\d+/postgres)")
                .matcher(Files.readString(running.log()));
        assertThat(url.find()).as("the log names the embedded database").isTrue();
        return url.group(1);
    }
}
