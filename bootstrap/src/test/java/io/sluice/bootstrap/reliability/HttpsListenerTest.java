package io.sluice.bootstrap.reliability;

import static org.assertj.core.api.Assertions.assertThat;

import io.dropwizard.testing.ConfigOverride;
import io.dropwizard.testing.junit5.DropwizardAppExtension;
import io.dropwizard.testing.junit5.DropwizardExtensionsSupport;
import io.sluice.adapters.postgres.PostgresFixture;
import io.sluice.bootstrap.SluiceConfiguration;
import io.sluice.bootstrap.testkit.InJvmServer;
import java.io.FileInputStream;
import java.io.InputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyStore;
import java.time.Duration;
import java.util.concurrent.TimeUnit;
import javax.net.ssl.SSLContext;
import javax.net.ssl.TrustManagerFactory;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * The HTTPS listener is configuration only (a Dropwizard {@code https} connector): a key pair made
 * here with the JDK's keytool, Sluice serving on it, and a client that trusts exactly that
 * certificate posting an event that lands.
 */
@ExtendWith(DropwizardExtensionsSupport.class)
class HttpsListenerTest {

    private static final Path KEYSTORE = selfSignedKeystore();
    private static final PostgresFixture.TestDatabase DB = PostgresFixture.newDatabase();

    static final DropwizardAppExtension<SluiceConfiguration> APP = InJvmServer.extension(
            InJvmServer.testConfig("reliability-https-config.yml"), InJvmServer.overrides(DB, KEYSTORE.getParent().resolve("data"),
                    ConfigOverride.config("server.applicationConnectors[0].keyStorePath", KEYSTORE.toString())));

    @Test
    void an_event_posted_over_https_is_stored() throws Exception {
        HttpClient https = HttpClient.newBuilder().sslContext(trusting(KEYSTORE)).connectTimeout(Duration.ofSeconds(5)).build();
        URI base = URI.create("https://localhost:" + APP.getLocalPort());

        HttpResponse<String> posted = https.send(HttpRequest.newBuilder(base.resolve("/v1/events"))
                .header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString("{\"event_id\":\"tls-1\",\"event_type\":\"login\",\"user_id\":\"u1\"}")).build(),
                HttpResponse.BodyHandlers.ofString());
        assertThat(posted.statusCode()).as(posted.body()).isEqualTo(202);

        long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
        int status = 0;
        while (status != 200 && System.nanoTime() < deadline) {
            Thread.sleep(100);
            status = https.send(HttpRequest.newBuilder(base.resolve("/v1/events/tls-1"))
                    .header("Authorization", "Bearer sluice-local-read-key").GET().build(), HttpResponse.BodyHandlers.ofString()).statusCode();
        }
        assertThat(status).isEqualTo(200);

        HttpClient plain = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
        assertThat(org.assertj.core.api.Assertions.catchThrowable(() -> plain.send(HttpRequest.newBuilder(
                URI.create("http://localhost:" + APP.getLocalPort() + "/get_status")).timeout(Duration.ofSeconds(5)).GET().build(),
                HttpResponse.BodyHandlers.ofString()))).as("plain HTTP on the HTTPS port").isNotNull();
    }

    private static SSLContext trusting(Path keystore) throws Exception {
        KeyStore store = KeyStore.getInstance("PKCS12");
        try (InputStream in = new FileInputStream(keystore.toFile())) {
            store.load(in, "changeit".toCharArray());
        }
        TrustManagerFactory trust = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
        trust.init(store);
        SSLContext context = SSLContext.getInstance("TLS");
        context.init(null, trust.getTrustManagers(), null);
        return context;
    }

    private static Path selfSignedKeystore() {
        try {
            Path dir = Files.createTempDirectory("sluice-tls");
            Path keystore = dir.resolve("sluice.p12");
            Path keytool = Path.of(System.getProperty("java.home"), "bin", "keytool");
            Process process = new ProcessBuilder(keytool.toString(), "-genkeypair", "-alias", "sluice", "-keyalg", "RSA",
                    "-keysize", "2048", "-validity", "2", "-dname", "CN=localhost", "-ext", "SAN=dns:localhost,ip:127.0.0.1",
                    "-storetype", "PKCS12", "-keystore", keystore.toString(), "-storepass", "changeit", "-keypass", "changeit")
                    .redirectErrorStream(true).start();
            if (!process.waitFor(60, TimeUnit.SECONDS) || process.exitValue() != 0) {
                throw new IllegalStateException("keytool failed: " + new String(process.getInputStream().readAllBytes()));
            }
            return keystore;
        } catch (Exception failed) {
            throw new IllegalStateException("cannot make a test keystore", failed);
        }
    }
}
