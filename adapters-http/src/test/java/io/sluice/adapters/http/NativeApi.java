package io.sluice.adapters.http;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.dropwizard.testing.junit5.ResourceExtension;
import jakarta.ws.rs.client.Entity;
import jakarta.ws.rs.client.WebTarget;
import jakarta.ws.rs.core.Response;
import io.sluice.domain.privacy.PiiPolicy;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;

/**
 * The native API under test: every route from {@link HttpRoutes#components} in Dropwizard's
 * Jersey test harness, over in-memory fakes of the use cases. One per test, so no state leaks.
 */
final class NativeApi {

    static final Instant NOW = Instant.parse("2026-03-10T12:34:56.789Z");
    private static final ObjectMapper JSON = new ObjectMapper();

    final Clock clock = Clock.fixed(NOW, ZoneOffset.UTC);
    final RecordingIngest ingest = new RecordingIngest(clock);
    final InMemoryEvents events = new InMemoryEvents();
    final RecordingReads reads = new RecordingReads();
    final InMemoryDeadLetters deadLetters = new InMemoryDeadLetters(NOW);
    final RecordingMetricIngest metricIngest = new RecordingMetricIngest(clock);
    final InMemorySchemas schemas = new InMemorySchemas();
    final ResourceExtension resources;

    NativeApi() {
        this(HttpSettings.defaults());
    }

    NativeApi(HttpSettings settings) {
        this(settings, Keys.anonymousWrites());
    }

    NativeApi(HttpSettings settings, HttpAccess access) {
        this(settings, access, PiiPolicy.NONE);
    }

    NativeApi(HttpSettings settings, HttpAccess access, PiiPolicy pii) {
        HttpUseCases useCases = new HttpUseCases(ingest, events, reads, reads, deadLetters, deadLetters, reads, metricIngest);
        ResourceExtension.Builder builder = ResourceExtension.builder().bootstrapLogging(false);
        // The live view too, so that every route the application serves answers here.
        for (Object component : HttpRoutes.components(HttpRouteParts.of(useCases, settings, access, clock).withPii(pii)
                .withLive(new LiveHub(LiveSettings.defaults())).withRestore(NativeApi::restoreNothing)
                .withSchemas(schemas, schemas))) {
            builder.addResource(component);
        }
        this.resources = builder.build();
    }

    Response post(String path, String contentType, String body) {
        return post(path, contentType, body.getBytes(StandardCharsets.UTF_8));
    }

    Response post(String path, String contentType, byte[] body) {
        return target(path).request().post(Entity.entity(body, contentType));
    }

    Response get(String path) {
        return target(path).request().header("Authorization", "Bearer " + Keys.READ_KEY).get();
    }

    /** A target for a path with its query string, taken literally (already percent-encoded, no templates). */
    WebTarget target(String pathAndQuery) {
        String base = resources.target("").getUri().toString();
        return resources.client().target(URI.create(base.replaceAll("/$", "") + pathAndQuery));
    }

    static JsonNode json(Response response) {
        try {
            return JSON.readTree(response.readEntity(String.class));
        } catch (IOException broken) {
            throw new UncheckedIOException(broken);
        }
    }

    /** An archive that holds nothing: restoring any day inserts nothing. */
    static io.sluice.application.port.in.RestoreArchiveUseCase.RestoreReport restoreNothing(java.time.LocalDate day) {
        return new io.sluice.application.port.in.RestoreArchiveUseCase.RestoreReport(day, java.util.Map.of(), java.util.Map.of());
    }
}
