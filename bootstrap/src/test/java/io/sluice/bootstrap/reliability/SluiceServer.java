package io.sluice.bootstrap.reliability;

import java.io.IOException;
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
import java.util.concurrent.TimeUnit;

/**
 * A Sluice server as a real OS process started from the shaded jar ({@code java -jar sluice.jar
 * server config.yml}), so faults are the real ones: SIGKILL, SIGTERM, a database that goes away.
 * Unlike the e2e tests' process, it takes Dropwizard {@code -Ddw.…} overrides and an HTTPS port,
 * and it never leaves a process behind: a start that fails kills what it started. Not thread-safe.
 */
final class SluiceServer implements AutoCloseable {

    /**
     * config.yml's documented local read key: query routes need a read key once authentication
     * is wired (sent as a bearer token; ignored by a build without it).
     */
    static final String READ_KEY = "sluice-local-read-key";
    /** config.yml's documented local operator key (replay). */
    static final String ADMIN_KEY = "sluice-local-admin-key";

    private final Settings settings;
    private Process process;

    private SluiceServer(Settings settings) {
        this.settings = settings;
    }

    /** What a server is started with; the same settings start it again on the same data. */
    static final class Settings {
        final Path dataDir;
        final int httpPort;
        final int adminPort;
        final Map<String, String> env = new LinkedHashMap<>();
        final List<String> jvmArgs = new ArrayList<>();
        String config = System.getProperty("sluice.config", "../config.yml");
        String scheme = "http";

        Settings(Path dataDir) throws IOException {
            this.dataDir = dataDir;
            this.httpPort = freePort();
            this.adminPort = freePort();
        }

        Settings env(String name, String value) {
            env.put(name, value);
            return this;
        }

        /** A Dropwizard override, e.g. {@code dw("server.shutdownGracePeriod", "5s")}. */
        Settings dw(String path, String value) {
            jvmArgs.add("-Ddw." + path + "=" + value);
            return this;
        }

        Settings config(Path file) {
            this.config = file.toString();
            return this;
        }

        Settings https() {
            this.scheme = "https";
            return this;
        }

        Path log() {
            return dataDir.resolve("sluice.log");
        }
    }

    static SluiceServer start(Settings settings) throws Exception {
        SluiceServer server = new SluiceServer(settings);
        server.start();
        return server;
    }

    /** Starts (again) with the same settings; waits until the admin port answers {@code /ping}. */
    void start() throws Exception {
        if (process != null && process.isAlive()) {
            throw new IllegalStateException("already running");
        }
        String jar = System.getProperty("sluice.jar", "target/sluice.jar");
        List<String> command = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(), "-Xmx512m"));
        // Diagnostics for a measuring run, e.g. -Dsluice.server.jvmArgs=-Xlog:gc:file=/tmp/gc-%p.log (docs/reliability.md).
        String diagnostics = System.getProperty("sluice.server.jvmArgs", "").trim();
        if (!diagnostics.isEmpty()) {
            command.addAll(List.of(diagnostics.split("\\s+")));
        }
        command.addAll(settings.jvmArgs);
        command.addAll(List.of("-jar", jar, "server", settings.config));
        ProcessBuilder builder = new ProcessBuilder(command).redirectErrorStream(true)
                .redirectOutput(ProcessBuilder.Redirect.appendTo(settings.log().toFile()));
        builder.environment().put("SLUICE_DATA_DIR", settings.dataDir.toString());
        builder.environment().put("SLUICE_HTTP_PORT", Integer.toString(settings.httpPort));
        builder.environment().put("SLUICE_ADMIN_PORT", Integer.toString(settings.adminPort));
        builder.environment().putAll(settings.env);
        Files.createDirectories(settings.dataDir);
        process = builder.start();
        try {
            awaitReady(Duration.ofSeconds(90));
        } catch (Exception | AssertionError notReady) {
            kill();
            throw notReady;
        }
    }

    static int freePort() throws IOException {
        try (ServerSocket socket = new ServerSocket(0)) {
            socket.setReuseAddress(true);
            return socket.getLocalPort();
        }
    }

    URI uri(String path) {
        return URI.create(settings.scheme + "://127.0.0.1:" + settings.httpPort + path);
    }

    URI adminUri(String path) {
        return URI.create("http://127.0.0.1:" + settings.adminPort + path);
    }

    int httpPort() {
        return settings.httpPort;
    }

    Path log() {
        return settings.log();
    }

    boolean isAlive() {
        return process != null && process.isAlive();
    }

    /** A GET on the application port with the read key. */
    java.net.http.HttpRequest.Builder get(String path) {
        return HttpRequest.newBuilder(uri(path)).timeout(Duration.ofSeconds(20)).header("Authorization", "Bearer " + READ_KEY).GET();
    }

    /** SIGKILL: no shutdown hook, no flush. */
    void kill() throws InterruptedException {
        if (process != null) {
            process.destroyForcibly();
            process.waitFor(30, TimeUnit.SECONDS);
        }
    }

    /** SIGTERM; the exit code, or -1 (and a SIGKILL) when the process outlived {@code deadline}. */
    int terminate(Duration deadline) throws InterruptedException {
        process.destroy();
        if (!process.waitFor(deadline.toMillis(), TimeUnit.MILLISECONDS)) {
            kill();
            return -1;
        }
        return process.exitValue();
    }

    /** The log as written so far. */
    String logText() throws IOException {
        return Files.exists(settings.log()) ? Files.readString(settings.log()) : "";
    }

    @Override
    public void close() throws InterruptedException {
        if (isAlive()) {
            if (terminate(Duration.ofSeconds(45)) == -1) {
                kill();
            }
        }
    }

    private void awaitReady(Duration timeout) throws Exception {
        HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(1)).build();
        long deadline = System.nanoTime() + timeout.toNanos();
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
        throw new IllegalStateException("Sluice did not answer within " + timeout + "; log:\n" + logText());
    }
}
