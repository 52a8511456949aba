package io.sluice.bootstrap.compat;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.dropwizard.testing.junit5.DropwizardAppExtension;
import io.dropwizard.testing.junit5.DropwizardExtensionsSupport;
import io.sluice.bootstrap.SluiceConfiguration;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * What a new user meets first on the shipped {@code config.yml}, with clients shaped like the
 * seeds' (plain JSON over HTTP, no key): each test is a finding of issue 14 that the
 * configured-for-tests servers did not catch.
 */
@ExtendWith(DropwizardExtensionsSupport.class)
class ShippedDefaultsTest {

    private static final ShippedServer SERVER = new ShippedServer();
    static final DropwizardAppExtension<SluiceConfiguration> APP = SERVER.app;
    private static final String LOCAL_ADMIN_KEY = "sluice-local-admin-key";

    @Test
    void seed_001_reads_its_metrics_without_a_key_where_it_writes_them_without_one() throws Exception {
        HttpResponse<String> written = SERVER.post("/api/v1/metrics", null, "application/json",
                "{\"name\":\"cpu_usage\",\"value\":42.5,\"labels\":{\"host\":\"a\"}}");
        assertThat(written.statusCode()).as(written.body()).isEqualTo(202);

        long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
        HttpResponse<String> read;
        do {
            read = SERVER.get("/api/v1/metrics?limit=10", null);
            assertThat(read.statusCode()).as(read.body()).isEqualTo(200);
        } while (SERVER.JSON.readTree(read.body()).isEmpty() && System.nanoTime() < deadline && sleep());
        JsonNode newest = ShippedServer.JSON.readTree(read.body());
        assertThat(newest).hasSize(1);
        assertThat(newest.get(0).get("name").asText()).isEqualTo("cpu_usage");
        assertThat(newest.get(0).get("value").asDouble()).isEqualTo(42.5);
    }

    @Test
    void replay_takes_the_documented_local_admin_key_and_not_the_read_key() throws Exception {
        HttpResponse<String> byReader = SERVER.post("/v1/dead-letters/replay", ShippedServer.LOCAL_READ_KEY, null, "");
        assertThat(byReader.statusCode()).as(byReader.body()).isEqualTo(401);
        HttpResponse<String> byNobody = SERVER.post("/v1/dead-letters/replay", null, null, "");
        assertThat(byNobody.statusCode()).isEqualTo(401);
        HttpResponse<String> byOperator = SERVER.post("/v1/dead-letters/replay", LOCAL_ADMIN_KEY, null, "");
        assertThat(byOperator.statusCode()).as(byOperator.body()).isEqualTo(200);
        // The admin key reads too.
        assertThat(SERVER.get("/v1/stats", LOCAL_ADMIN_KEY).statusCode()).isEqualTo(200);
    }

    private static boolean sleep() throws InterruptedException {
        Thread.sleep(100);
        return true;
    }

    static HttpRequest.Builder request(String path) {
        return HttpRequest.newBuilder(SERVER.uri(path));
    }
}
