package io.sluice.adapters.http;

import io.sluice.application.port.in.QuerySchemasUseCase;
import io.sluice.application.port.in.RegisterSchemaUseCase;
import io.sluice.application.port.in.RestoreArchiveUseCase;
import io.sluice.application.port.out.ObservePipelinePort;
import io.sluice.domain.privacy.PiiPolicy;
import java.time.Clock;
import java.util.Map;
import java.util.Objects;
import java.util.function.Supplier;

/**
 * What {@link HttpRoutes#components} builds the API from, named part by part: start with
 * {@link #of} (the parts every deployment has) and add the optional ones with the {@code with…}
 * methods, so that a call reads as what it serves rather than as nine positional arguments.
 * A route family whose part is absent ({@code null}) is not served. Immutable.
 *
 * @param useCases the use cases behind the native, seed and Segment routes
 * @param settings body limits and retry hints
 * @param access   keys, rate limits and CORS
 * @param clock    the clock for default query windows ("the last 24 hours") and seed answers
 * @param observe  where rate-limit refusals are counted
 * @param pii      personal-data fields hashed or redacted in every JSON request body before any route reads it
 * @param health   the components Sluice depends on (buffer, database) by name, each healthy or not, asked at
 *                 every {@code GET /health} (seed 000's probe); called concurrently
 * @param live     the live view behind {@code GET /v1/live} and the console at {@code GET /console}, or {@code null}
 * @param restore  the archive restore behind {@code POST /v1/archive/restore}, or {@code null}
 * @param schemas  the schema registry behind {@code /v1/schemas}, or {@code null}
 */
public record HttpRouteParts(HttpUseCases useCases, HttpSettings settings, HttpAccess access, Clock clock,
                             ObservePipelinePort observe, PiiPolicy pii, Supplier<Map<String, Boolean>> health,
                             LiveHub live, RestoreArchiveUseCase restore, SchemaUseCases schemas) {

    public HttpRouteParts {
        Objects.requireNonNull(useCases, "useCases");
        Objects.requireNonNull(settings, "settings");
        Objects.requireNonNull(access, "access");
        Objects.requireNonNull(clock, "clock");
        Objects.requireNonNull(observe, "observe");
        Objects.requireNonNull(pii, "pii");
        Objects.requireNonNull(health, "health");
    }

    /** The schema registry's two use cases, which one service usually implements both of. */
    public record SchemaUseCases(RegisterSchemaUseCase register, QuerySchemasUseCase query) {
        public SchemaUseCases {
            Objects.requireNonNull(register, "register");
            Objects.requireNonNull(query, "query");
        }
    }

    /** The native, seed and Segment routes without personal-data rules, health parts, live view, restore or schemas. */
    public static HttpRouteParts of(HttpUseCases useCases, HttpSettings settings, HttpAccess access, Clock clock) {
        return new HttpRouteParts(useCases, settings, access, clock, ObservePipelinePort.NONE, PiiPolicy.NONE, Map::of,
                null, null, null);
    }

    public HttpRouteParts withObserve(ObservePipelinePort observe) {
        return new HttpRouteParts(useCases, settings, access, clock, observe, pii, health, live, restore, schemas);
    }

    public HttpRouteParts withPii(PiiPolicy pii) {
        return new HttpRouteParts(useCases, settings, access, clock, observe, pii, health, live, restore, schemas);
    }

    public HttpRouteParts withHealth(Supplier<Map<String, Boolean>> health) {
        return new HttpRouteParts(useCases, settings, access, clock, observe, pii, health, live, restore, schemas);
    }

    public HttpRouteParts withLive(LiveHub live) {
        return new HttpRouteParts(useCases, settings, access, clock, observe, pii, health, live, restore, schemas);
    }

    public HttpRouteParts withRestore(RestoreArchiveUseCase restore) {
        return new HttpRouteParts(useCases, settings, access, clock, observe, pii, health, live, restore, schemas);
    }

    public HttpRouteParts withSchemas(RegisterSchemaUseCase register, QuerySchemasUseCase query) {
        return new HttpRouteParts(useCases, settings, access, clock, observe, pii, health, live, restore,
                new SchemaUseCases(register, query));
    }
}
