package io.sluice.bootstrap.testkit;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import org.jdbi.v3.core.Jdbi;

/**
 * Sluice as a real OS process started from the shaded jar the way users start it
 * ({@code java -jar sluice.jar server config.yml}), so faults are the real ones: SIGKILL, SIGTERM,
 * a database that goes away. The only place in the tests that starts the jar: servers (started,
 * restarted on the same data, killed), servers expected to fail, and one-shot commands
 * ({@code hash-key}, {@code check}, {@code simulate}). It never leaves a process behind: a start
 * that fails kills what it started. Not thread-safe.
 */
public final class SluiceProcess implements AutoCloseable {

    /** config.yml's documented local read key (query routes; sent as a bearer token). */
    public static final String READ_KEY = "sluice-local-read-key";
    /** config.yml's documented local operator key (replay). */
    public static final String ADMIN_KEY = "sluice-local-admin-key";

    /** Generous: on a shared 2-core machine a first start (initdb, migrations) has taken over a minute. */
    private static final Duration START_TIMEOUT = Duration.ofSeconds(180);

    private final Settings settings;
    private Process process;

    private SluiceProcess(Settings settings) {
        this.settings = settings;
    }

    /** What a server is started with; the same settings start it again on the same data and ports. */
    public static final class Settings {
        private final Path dataDir;
        private final int httpPort;
        private final int adminPort;
        private final Map<String, String> env = new LinkedHashMap<>();
        private final List<String> jvmArgs = new ArrayList<>();
        private Path config = rootConfig();
        private Path log;
        private Integer embeddedDatabasePort;
        private String scheme = "http";

        /** A server on free ports with {@code SLUICE_DATA_DIR} here, logging to {@code sluice.log} in it. */
        public Settings(Path dataDir) throws IOException {
            this.dataDir = dataDir;
            this.httpPort = freePort();
            this.adminPort = freePort();
            this.log = dataDir.resolve("sluice.log");
        }

        public Settings env(String name, String value) {
            env.put(name, value);
            return this;
        }

        public Settings env(Map<String, String> variables) {
            env.putAll(variables);
            return this;
        }

        /** A Dropwizard override, e.g. {@code dw("server.shutdownGracePeriod", "5s")}. */
        public Settings dw(String path, String value) {
            return jvm("-Ddw." + path + "=" + value);
        }

        /** A JVM option; after the default heap, so {@code -Xmx…} replaces it. */
        public Settings jvm(String option) {
            jvmArgs.add(option);
            return this;
        }

        public Settings config(Path file) {
            this.config = file;
            return this;
        }

        public Settings log(Path file) {
            this.log = file;
            return this;
        }

        public Settings https() {
            this.scheme = "https";
            return this;
        }

        /** The embedded PostgreSQL on a known free port, so that {@link #database()} can reach it. */
        public Settings embeddedDatabaseOnFreePort() throws IOException {
            embeddedDatabasePort = freePort();
            return env("SLUICE_EMBEDDED_DB_PORT", Integer.toString(embeddedDatabasePort));
        }

        public Path dataDir() {
            return dataDir;
        }

        public Path log() {
            return log;
        }
    }

    /** What a process that ran to its end left: its exit status and what it wrote. */
    public record Exit(int code, String stdout, String stderr) {
        /** Standard output and standard error together. */
        public String output() {
            return stdout + stderr;
        }
    }

    /** Starts a server and waits until its admin port answers {@code /ping}. */
    public static SluiceProcess start(Settings settings) throws Exception {
        SluiceProcess server = new SluiceProcess(settings);
        server.start();
        return server;
    }

    /** Starts a server expected not to come up, and waits for it to exit; its output is its log. */
    public static Exit startExpectingExit(Settings settings, Duration timeout) throws Exception {
        SluiceProcess server = new SluiceProcess(settings);
        server.process = server.launch();
        return new Exit(awaitExit(server.process, timeout), server.logText(), "");
    }

    /** {@code java -jar sluice.jar <args>} with these environment variables; waits for it to exit. */
    public static Exit run(List<String> args, Map<String, String> env, Path workDir) throws Exception {
        Path out = Files.createTempFile(workDir, "out", ".txt");
        Path err = Files.createTempFile(workDir, "err", ".txt");
        List<String> command = command(List.of("-Xmx256m"));
        command.addAll(args);
        ProcessBuilder builder = new ProcessBuilder(command).redirectOutput(out.toFile()).redirectError(err.toFile());
        builder.environment().putAll(env);
        int code = awaitExit(builder.start(), Duration.ofSeconds(120));
        return new Exit(code, Files.readString(out), Files.readString(err));
    }

    /** Starts (again) with the same settings; waits until the admin port answers {@code /ping}. */
    public void start() throws Exception {
        if (isAlive()) {
            throw new IllegalStateException("already running");
        }
        process = launch();
        try {
            awaitReady();
        } catch (Exception | AssertionError notReady) {
            // A server that never answered must not outlive the test (nor its embedded PostgreSQL).
            kill();
            throw notReady;
        }
    }

    /** The root {@code config.yml} (system property {@code sluice.config}, set by failsafe); its siblings are the other examples. */
    public static Path rootConfig() {
        return Path.of(System.getProperty("sluice.config", "../config.yml"));
    }

    private static final Set<Integer> HANDED_OUT = ConcurrentHashMap.newKeySet();

    /**
     * A port to listen on that this JVM has not handed out before, below the kernel's ephemeral range.
     * {@code bind(0)} twice in a row returned the same port in CI (the application and the admin
     * connector were both given 34403, and the start failed), and a port from the ephemeral range can
     * also go to any outgoing connection (the server's own to its embedded PostgreSQL) before the
     * server binds it.
     */
    public static int freePort() throws IOException {
        int below = ephemeralRangeStart();
        for (int attempt = 0; attempt < 200; attempt++) {
            int port = ThreadLocalRandom.current().nextInt(10_000, below);
            if (!HANDED_OUT.add(port)) {
                continue;
            }
            try (ServerSocket socket = new ServerSocket()) {
                socket.setReuseAddress(false);
                socket.bind(new InetSocketAddress("127.0.0.1", port));
                return port;
            } catch (IOException taken) {
                // another process listens there: try another
            }
        }
        throw new IOException("no free port between 10000 and " + below);
    }

    private static int ephemeralRangeStart() {
        try {
            // readAllLines, not readString: /proc files report size 0, and readString returned one byte here
            String range = Files.readAllLines(Path.of("/proc/sys/net/ipv4/ip_local_port_range")).get(0).trim();
            int start = Integer.parseInt(range.split("\\s+")[0]);
            return start > 20_000 ? start : 32_768;
        } catch (IOException | RuntimeException notLinux) {
            return 32_768;
        }
    }

    public URI uri(String path) {
        return URI.create(settings.scheme + "://127.0.0.1:" + settings.httpPort + path);
    }

    public URI adminUri(String path) {
        return URI.create("http://127.0.0.1:" + settings.adminPort + path);
    }

    public int httpPort() {
        return settings.httpPort;
    }

    public long pid() {
        return process.pid();
    }

    public Path log() {
        return settings.log;
    }

    public boolean isAlive() {
        return process != null && process.isAlive();
    }

    /** A GET on the application port with the read key. */
    public HttpRequest.Builder get(String path) {
        return HttpRequest.newBuilder(uri(path)).timeout(Duration.ofSeconds(20)).header("Authorization", "Bearer " + READ_KEY).GET();
    }

    /**
     * The embedded PostgreSQL of a server started with {@link Settings#embeddedDatabaseOnFreePort()},
     * as its superuser, whose password the server generated at its first start beside its directory.
     */
    public Jdbi database() throws IOException {
        if (settings.embeddedDatabasePort == null) {
            throw new IllegalStateException("started without embeddedDatabaseOnFreePort()");
        }
        String password = Files.readString(settings.dataDir.resolve("postgres.password")).trim();
        return Jdbi.create("jdbc:postgresql://127.0.0.1:" + settings.embeddedDatabasePort + "/postgres", "postgres", password);
    }

    /** Waits until {@code /v1/stats} reports an empty backlog: everything buffered is stored. */
    public void awaitBacklogDrained(Duration timeout) throws Exception {
        HttpClient http = HttpClient.newHttpClient();
        long deadline = System.nanoTime() + timeout.toNanos();
        String last = "";
        while (System.nanoTime() < deadline) {
            HttpResponse<String> response = http.send(get("/v1/stats").build(), HttpResponse.BodyHandlers.ofString());
            last = response.statusCode() + " " + response.body();
            if (response.statusCode() == 200 && response.body().contains("\"backlog\":0")) {
                return;
            }
            Thread.sleep(250);
        }
        throw new AssertionError("backlog did not drain within " + timeout + "; last stats: " + last);
    }

    /** SIGKILL: no shutdown hook, no flush, no goodbye. */
    public void kill() throws InterruptedException {
        if (process != null) {
            process.destroyForcibly();
            process.waitFor(30, TimeUnit.SECONDS);
        }
    }

    /** SIGTERM; the exit code, or -1 (and a SIGKILL) when the process outlived {@code deadline}. */
    public int terminate(Duration deadline) throws InterruptedException {
        process.destroy();
        if (!process.waitFor(deadline.toMillis(), TimeUnit.MILLISECONDS)) {
            kill();
            return -1;
        }
        return process.exitValue();
    }

    /** The log as written so far. */
    public String logText() throws IOException {
        return Files.exists(settings.log) ? Files.readString(settings.log) : "";
    }

    @Override
    public void close() throws InterruptedException {
        if (isAlive()) {
            terminate(Duration.ofSeconds(45));
        }
    }

    private Process launch() throws IOException {
        List<String> jvmArgs = new ArrayList<>(List.of("-Xmx512m"));
        // Diagnostics for a measuring run, e.g. -Dsluice.server.jvmArgs=-Xlog:gc:file=/tmp/gc-%p.log (docs/reliability.md).
        String diagnostics = System.getProperty("sluice.server.jvmArgs", "").trim();
        if (!diagnostics.isEmpty()) {
            jvmArgs.addAll(List.of(diagnostics.split("\\s+")));
        }
        jvmArgs.addAll(settings.jvmArgs);
        List<String> command = command(jvmArgs);
        command.addAll(List.of("server", settings.config.toString()));
        Files.createDirectories(settings.dataDir);
        Files.createDirectories(settings.log.toAbsolutePath().getParent());
        ProcessBuilder builder = new ProcessBuilder(command).redirectErrorStream(true)
                .redirectOutput(ProcessBuilder.Redirect.appendTo(settings.log.toFile()));
        builder.environment().put("SLUICE_DATA_DIR", settings.dataDir.toString());
        builder.environment().put("SLUICE_HTTP_PORT", Integer.toString(settings.httpPort));
        builder.environment().put("SLUICE_ADMIN_PORT", Integer.toString(settings.adminPort));
        builder.environment().putAll(settings.env);
        return builder.start();
    }

    /** {@code java <jvmArgs> -jar sluice.jar}, to which the caller appends the command. */
    private static List<String> command(List<String> jvmArgs) {
        List<String> command = new ArrayList<>();
        command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
        command.addAll(jvmArgs);
        command.addAll(List.of("-jar", System.getProperty("sluice.jar", "target/sluice.jar")));
        return command;
    }

    /** Its exit status; a process that outlives {@code timeout} is stopped (SIGTERM, then SIGKILL) and fails the test. */
    private static int awaitExit(Process process, Duration timeout) throws InterruptedException {
        if (!process.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS)) {
            process.destroy();
            if (!process.waitFor(30, TimeUnit.SECONDS)) {
                process.destroyForcibly();
                process.waitFor(30, TimeUnit.SECONDS);
            }
            throw new AssertionError("sluice did not exit within " + timeout);
        }
        return process.exitValue();
    }

    private void awaitReady() throws Exception {
        HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(1)).build();
        long deadline = System.nanoTime() + START_TIMEOUT.toNanos();
        while (System.nanoTime() < deadline) {
            if (!process.isAlive()) {
                throw new IllegalStateException("Sluice exited with " + process.exitValue() + " during start-up; log:\n" + logText());
            }
            try {
                HttpResponse<Void> ping = http.send(HttpRequest.newBuilder(adminUri("/ping")).timeout(Duration.ofSeconds(2)).GET().build(),
                        HttpResponse.BodyHandlers.discarding());
                if (ping.statusCode() == 200) {
                    return;
                }
            } catch (IOException notYet) {
                // still starting
            }
            Thread.sleep(200);
        }
        throw new IllegalStateException("Sluice did not answer within " + START_TIMEOUT + "; log:\n" + logText());
    }
}
