package io.sluice.adapters.http;

import static io.sluice.adapters.http.NativeApi.json;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.dropwizard.testing.junit5.DropwizardExtensionsSupport;
import io.dropwizard.testing.junit5.ResourceExtension;
import jakarta.ws.rs.core.Response;
import java.time.Clock;
import java.time.Instant;
import java.util.Map;
import java.util.concurrent.atomic.AtomicBoolean;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/** Seed 000's {@code GET /health} says what the buffer and the database say, in seed 000's shape. */
@ExtendWith(DropwizardExtensionsSupport.class)
class SeedHealthTest {

    private static final AtomicBoolean DATABASE_UP = new AtomicBoolean(true);
    private static final ResourceExtension RESOURCES = resources();

    private static ResourceExtension resources() {
        NativeApi fakes = new NativeApi();
        HttpUseCases useCases = new HttpUseCases(fakes.ingest, fakes.events, fakes.reads, fakes.reads, fakes.deadLetters,
                fakes.deadLetters, fakes.reads, fakes.metricIngest);
        ResourceExtension.Builder builder = ResourceExtension.builder().bootstrapLogging(false);
        for (Object component : HttpRoutes.components(HttpRouteParts.of(useCases, HttpSettings.defaults(), Keys.anonymousWrites(),
                Clock.fixed(Instant.EPOCH, java.time.ZoneOffset.UTC))
                .withHealth(() -> Map.of("buffer", true, "database", DATABASE_UP.get())))) {
            builder.addResource(component);
        }
        return builder.build();
    }

    @Test
    void health_is_503_unhealthy_naming_the_check_while_the_database_is_down() {
        DATABASE_UP.set(true);
        Response up = RESOURCES.target("/health").request().get();
        assertThat(up.getStatus()).isEqualTo(200);
        JsonNode healthy = json(up);
        assertThat(healthy.get("status").asText()).isEqualTo("healthy");
        assertThat(healthy.get("service").asText()).isEqualTo("sluice");

        DATABASE_UP.set(false);
        Response down = RESOURCES.target("/health").request().get();
        assertThat(down.getStatus()).isEqualTo(503);
        JsonNode unhealthy = json(down);
        assertThat(unhealthy.get("status").asText()).isEqualTo("unhealthy");
        assertThat(unhealthy.get("checks").get("database").asText()).isEqualTo("unhealthy");
        assertThat(unhealthy.get("checks").get("buffer").asText()).isEqualTo("healthy");
        DATABASE_UP.set(true);
    }
}
