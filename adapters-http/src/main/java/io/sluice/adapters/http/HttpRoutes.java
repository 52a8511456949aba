package io.sluice.adapters.http;

import java.time.Clock;
import java.util.ArrayList;
import java.util.List;

/**
 * The one entry point bootstrap needs: every resource, filter and exception mapper of the HTTP
 * API (native, seed-compatible, Segment-compatible, API documents, schema registry), ready for
 * {@code environment.jersey().register(...)}. Stateless.
 */
public final class HttpRoutes {

    private HttpRoutes() {
    }

    /**
     * @param parts what to serve; see {@link HttpRouteParts}
     * @return resources, then filters and exception mappers; register each
     */
    public static List<Object> components(HttpRouteParts parts) {
        HttpUseCases useCases = parts.useCases();
        HttpSettings settings = parts.settings();
        HttpAccess access = parts.access();
        Clock clock = parts.clock();
        Gate gate = new Gate(access, parts.observe());
        List<Object> resources = new ArrayList<>(List.of(
                new EventsResource(useCases.ingestEvents(), useCases.events(), settings, gate),
                new AggregatesResource(useCases.aggregates(), clock),
                new MetricAggregatesResource(useCases.metrics(), clock),
                new DeadLettersResource(useCases.deadLetters(), useCases.replay()),
                new StatsResource(useCases.stats()),
                new SeedResource(useCases.ingestEvents(), settings, parts.health()),
                new SeedMetricsResource(useCases.ingestMetrics(), useCases.metrics(), settings, clock),
                new SegmentResource(useCases.ingestEvents(), gate, settings)));
        if (parts.live() != null) {
            resources.add(new LiveResource(parts.live()));
        }
        if (parts.restore() != null) {
            resources.add(new ArchiveRestoreResource(parts.restore()));
        }
        if (parts.schemas() != null) {
            resources.add(new SchemasResource(parts.schemas().register(), parts.schemas().query()));
        }
        List<Object> components = new ArrayList<>(resources);
        if (parts.live() != null) {
            components.add(new ConsoleResource());
        }
        components.add(new ApiDocsResource(access.writeKeyRequired()));
        components.add(new AccessFeature(gate, new BodyBudget(settings.maxInFlightBodyBytes(), settings.maxBodyBytes())));
        components.add(AdmittedCallers.binder());
        if (!access.cors().allowedOrigins().isEmpty()) {
            components.add(new CorsFilter(access.cors()));
        }
        if (!parts.pii().isEmpty()) {
            components.add(new PiiRequestFilter(parts.pii(), settings.maxBodyBytes()));
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
