package io.sluice.adapters.http;

import io.sluice.application.port.in.RestoreArchiveUseCase;
import io.sluice.application.port.out.ObservePipelinePort;
import io.sluice.domain.privacy.PiiPolicy;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.function.Supplier;

/**
 * The one entry point bootstrap needs: every resource, filter and exception mapper of the HTTP
 * API (native, seed-compatible, Segment-compatible, API documents), ready for
 * {@code environment.jersey().register(...)}. Stateless.
 */
public final class HttpRoutes {

    private HttpRoutes() {
    }

    /**
     * @param useCases the use cases behind the routes
     * @param settings body limit and retry hints
     * @param access   keys, rate limits and CORS
     * @param observe  where rate-limit refusals are counted
     * @param clock    the clock for default query windows ("the last 24 hours") and seed answers
     * @return resources, then filters and exception mappers; register each
     */
    public static List<Object> components(HttpUseCases useCases, HttpSettings settings, HttpAccess access, ObservePipelinePort observe,
                                          Clock clock) {
        return components(useCases, settings, access, observe, clock, PiiPolicy.NONE);
    }

    /**
     * @param pii personal-data fields hashed or redacted in every JSON request body before any route reads it
     */
    public static List<Object> components(HttpUseCases useCases, HttpSettings settings, HttpAccess access, ObservePipelinePort observe,
                                          Clock clock, PiiPolicy pii) {
        return components(useCases, settings, access, observe, clock, pii, Map::of, null, null);
    }

    /**
     * @param health the components Sluice depends on (buffer, database) by name, each healthy or
     *               not, asked at every {@code GET /health} (seed 000's probe); called concurrently
     * @param live    the live view behind {@code GET /v1/live} and the console at {@code GET /console};
     *                {@code null} serves neither
     * @param restore the archive restore behind {@code POST /v1/archive/restore}; {@code null} does not serve it
     */
    public static List<Object> components(HttpUseCases useCases, HttpSettings settings, HttpAccess access, ObservePipelinePort observe,
                                          Clock clock, PiiPolicy pii, Supplier<Map<String, Boolean>> health, LiveHub live,
                                          RestoreArchiveUseCase restore) {
        Objects.requireNonNull(pii, "pii");
        Objects.requireNonNull(health, "health");
        Objects.requireNonNull(useCases, "useCases");
        Objects.requireNonNull(settings, "settings");
        Objects.requireNonNull(access, "access");
        Objects.requireNonNull(observe, "observe");
        Objects.requireNonNull(clock, "clock");
        Gate gate = new Gate(access, observe);
        List<Object> resources = new ArrayList<>(List.of(
                new EventsResource(useCases.ingestEvents(), useCases.events(), settings, gate),
                new AggregatesResource(useCases.aggregates(), clock),
                new MetricAggregatesResource(useCases.metrics(), clock),
                new DeadLettersResource(useCases.deadLetters(), useCases.replay()),
                new StatsResource(useCases.stats()),
                new SeedResource(useCases.ingestEvents(), settings, health),
                new SeedMetricsResource(useCases.ingestMetrics(), useCases.metrics(), settings, clock),
                new SegmentResource(useCases.ingestEvents(), gate, settings)));
        if (live != null) {
            resources.add(new LiveResource(live));
        }
        if (restore != null) {
            resources.add(new ArchiveRestoreResource(restore));
        }
        List<Object> components = new ArrayList<>(resources);
        if (live != null) {
            components.add(new ConsoleResource());
        }
        components.add(new ApiDocsResource(access.writeKeyRequired()));
        components.add(new AccessFeature(gate, new BodyBudget(settings.maxInFlightBodyBytes(), settings.maxBodyBytes())));
        if (!access.cors().allowedOrigins().isEmpty()) {
            components.add(new CorsFilter(access.cors()));
        }
        if (!pii.isEmpty()) {
            components.add(new PiiRequestFilter(pii, settings.maxBodyBytes()));
        }
        components.addAll(exceptionMappers(settings));
        return List.copyOf(components);
    }

    /**
     * The exception mappers alone, for a test or a later route family registered on its own.
     * Register them once per Jersey environment.
     */
    public static List<Object> exceptionMappers(HttpSettings settings) {
        return List.of(new HttpProblemMapper(), new BufferRefusedMapper(), new StoreUnavailableMapper(settings),
                new FastApiValidationMapper());
    }
}
