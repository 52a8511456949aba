package io.sluice.adapters.archive;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.s3.S3Client;

/**
 * A real S3 API server (s3proxy from Maven Central, filesystem backend) in its own process: it
 * embeds Jetty 11, which must stay out of the test JVM. The build copies its jar to
 * {@code target/s3proxy/s3proxy.jar}. Credentials for the SDK's default chain are set as the
 * {@code aws.*} system properties. Objects land as files under {@link #directory()}{@code /<bucket>/<key>}.
 */
public final class S3ProxyProcess implements AutoCloseable {

    public static final String ACCESS_KEY = "sluice-test";
    public static final String SECRET_KEY = "sluice-test-secret";

    private final Process process;
    private final Path directory;
    private final int port;

    private S3ProxyProcess(Process process, Path directory, int port) {
        this.process = process;
        this.directory = directory;
        this.port = port;
    }

    public static S3ProxyProcess start(Path jar, Path directory) throws IOException, InterruptedException {
        if (!Files.isRegularFile(jar)) {
            throw new IllegalStateException("s3proxy jar missing at " + jar.toAbsolutePath()
                    + " (the generate-test-resources phase of adapters-archive copies it there)");
        }
        Path data = Files.createDirectories(directory.resolve("objects"));
        int port;
        try (ServerSocket socket = new ServerSocket(0)) {
            port = socket.getLocalPort();
        }
        Path conf = directory.resolve("s3proxy.conf");
        Files.writeString(conf, String.join("\n",
                "s3proxy.endpoint=http://127.0.0.1:" + port,
                "s3proxy.authorization=aws-v2-or-v4",
                "s3proxy.identity=" + ACCESS_KEY,
                "s3proxy.credential=" + SECRET_KEY,
                "jclouds.provider=filesystem",
                "jclouds.filesystem.basedir=" + data.toAbsolutePath(),
                ""));
        Process process = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-Xmx256m", "-jar", jar.toAbsolutePath().toString(), "--properties", conf.toString())
                .redirectErrorStream(true)
                .redirectOutput(directory.resolve("s3proxy.log").toFile())
                .start();
        S3ProxyProcess proxy = new S3ProxyProcess(process, data, port);
        Instant deadline = Instant.now().plus(Duration.ofSeconds(60));
        while (!proxy.listening()) {
            if (!process.isAlive() || Instant.now().isAfter(deadline)) {
                proxy.close();
                throw new IllegalStateException("s3proxy did not start: " + Files.readString(directory.resolve("s3proxy.log")));
            }
            Thread.sleep(100);
        }
        System.setProperty("aws.accessKeyId", ACCESS_KEY);
        System.setProperty("aws.secretAccessKey", SECRET_KEY);
        System.setProperty("aws.region", "us-east-1");
        return proxy;
    }

    /** The default location of the jar for tests run in a module directory. */
    public static Path jarOf(String module) {
        Path here = Path.of("target", "s3proxy", "s3proxy.jar");
        return Files.exists(here) ? here : Path.of("..", module, "target", "s3proxy", "s3proxy.jar");
    }

    public URI endpoint() {
        return URI.create("http://127.0.0.1:" + port);
    }

    public Path directory() {
        return directory;
    }

    public void createBucket(String bucket) {
        try (S3Client s3 = S3Client.builder().endpointOverride(endpoint()).forcePathStyle(true)
                .region(Region.US_EAST_1).httpClient(UrlConnectionHttpClient.create())
                .credentialsProvider(StaticCredentialsProvider.create(AwsBasicCredentials.create(ACCESS_KEY, SECRET_KEY))).build()) {
            s3.createBucket(b -> b.bucket(bucket));
        }
    }

    private boolean listening() {
        try (Socket socket = new Socket()) {
            socket.connect(new InetSocketAddress("127.0.0.1", port), 200);
            return true;
        } catch (IOException notYet) {
            return false;
        }
    }

    /** Kills the process (its own pid only). */
    public void kill() {
        process.destroyForcibly();
        try {
            process.waitFor();
        } catch (InterruptedException interrupted) {
            Thread.currentThread().interrupt();
        }
    }

    @Override
    public void close() {
        kill();
    }

}
