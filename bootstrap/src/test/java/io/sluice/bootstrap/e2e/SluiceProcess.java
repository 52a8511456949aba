package io.sluice.bootstrap.e2e;

import java.io.IOException;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * A Sluice server as a real OS process, started from the shaded jar the way a user starts it
 * ({@code java -jar sluice.jar server config.yml}), so tests can SIGKILL and SIGTERM it. Public for the
 * Kafka-mode tests ({@code io.sluice.bootstrap.kafka}), which start it with {@code config-kafka.yml}.
 */
public final class SluiceProcess implements AutoCloseable {

    private final Process process;
    private final int httpPort;
    private final int adminPort;
    private final Path log;

    private SluiceProcess(Process process, int httpPort, int adminPort, Path log) {
        this.process = process;
        this.httpPort = httpPort;
        this.adminPort = adminPort;
        this.log = log;
    }

    /** Starts the jar with the root config.yml and these environment overrides; waits until it answers. */
    static SluiceProcess start(Map<String, String> env, int httpPort, int adminPort, Path log) throws Exception {
        return start(rootConfig(), env, httpPort, adminPort, log);
    }

    /** Starts the jar with this configuration file and these environment overrides; waits until it answers. */
    public static SluiceProcess start(Path config, Map<String, String> env, int httpPort, int adminPort, Path log) throws Exception {
        String jar = System.getProperty("sluice.jar", "target/sluice.jar");
        List<String> command = new ArrayList<>(List.of(javaBinary(), "-Xmx512m", "-jar", jar, "server", config.toString()));
        ProcessBuilder builder = new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(
                ProcessBuilder.Redirect.appendTo(log.toFile()));
        builder.environment().putAll(env);
        builder.environment().put("SLUICE_HTTP_PORT", Integer.toString(httpPort));
        builder.environment().put("SLUICE_ADMIN_PORT", Integer.toString(adminPort));
        SluiceProcess started = new SluiceProcess(builder.start(), httpPort, adminPort, log);
        // Generous: on a shared 2-core machine a first start (initdb, migrations) has taken over a minute.
        try {
            started.awaitReady(Duration.ofSeconds(180));
        } catch (Exception | AssertionError notReady) {
            // A server that never answered must not outlive the test (nor its embedded PostgreSQL).
            started.close();
            throw notReady;
        }
        return started;
    }

    /** The root {@code config.yml} (system property {@code sluice.config}, set by failsafe); its siblings are the other examples. */
    public static Path rootConfig() {
        return Path.of(System.getProperty("sluice.config", "../config.yml"));
    }

    public static int freePort() throws IOException {
        try (ServerSocket socket = new ServerSocket(0)) {
            socket.setReuseAddress(true);
            return socket.getLocalPort();
        }
    }

    public URI uri(String path) {
        return URI.create("http://127.0.0.1:" + httpPort + path);
    }

    public URI adminUri(String path) {
        return URI.create("http://127.0.0.1:" + adminPort + path);
    }

    public long pid() {
        return process.pid();
    }

    /** SIGKILL: no shutdown hook, no flush, no goodbye. */
    public void kill() throws InterruptedException {
        process.destroyForcibly();
        process.waitFor(30, TimeUnit.SECONDS);
    }

    /** SIGTERM, then wait for the graceful shutdown to finish. */
    public int terminate(Duration deadline) throws InterruptedException {
        process.destroy();
        if (!process.waitFor(deadline.toMillis(), TimeUnit.MILLISECONDS)) {
            process.destroyForcibly();
            process.waitFor(10, TimeUnit.SECONDS);
            return -1;
        }
        return process.exitValue();
    }

    public boolean isAlive() {
        return process.isAlive();
    }

    public Path log() {
        return log;
    }

    @Override
    public void close() throws InterruptedException {
        if (process.isAlive()) {
            terminate(Duration.ofSeconds(30));
        }
    }

    private void awaitReady(Duration timeout) throws Exception {
        HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(1)).build();
        long deadline = System.nanoTime() + timeout.toNanos();
        while (System.nanoTime() < deadline) {
            if (!process.isAlive()) {
                throw new IllegalStateException("Sluice exited with " + process.exitValue() + " during start-up; see " + log);
            }
            try {
                HttpResponse<String> ping = http.send(HttpRequest.newBuilder(adminUri("/ping")).GET().build(),
                        HttpResponse.BodyHandlers.ofString());
                if (ping.statusCode() == 200) {
                    return;
                }
            } catch (IOException notYet) {
                // still starting
            }
            Thread.sleep(200);
        }
        throw new IllegalStateException("Sluice did not answer within " + timeout + "; see " + log);
    }

    private static String javaBinary() {
        return Path.of(System.getProperty("java.home"), "bin", "java").toString();
    }
}
