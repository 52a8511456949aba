package io.sluice.adapters.http;

import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

/**
 * The one entry point bootstrap needs: every resource and exception mapper of the native API,
 * ready for {@code environment.jersey().register(...)}. Stateless.
 */
public final class HttpRoutes {

    private HttpRoutes() {
    }

    /**
     * @param useCases the use cases behind the routes
     * @param settings body limit and retry hints
     * @param clock    the clock for default query windows ("the last 24 hours")
     * @return resources, then exception mappers; register each
     */
    public static List<Object> components(HttpUseCases useCases, HttpSettings settings, Clock clock) {
        Objects.requireNonNull(useCases, "useCases");
        Objects.requireNonNull(settings, "settings");
        Objects.requireNonNull(clock, "clock");
        List<Object> components = new ArrayList<>(List.of(
                new EventsResource(useCases.ingestEvents(), useCases.events(), settings),
                new AggregatesResource(useCases.aggregates(), clock),
                new MetricAggregatesResource(useCases.metrics(), clock),
                new DeadLettersResource(useCases.deadLetters(), useCases.replay()),
                new StatsResource(useCases.stats())));
        components.addAll(exceptionMappers(settings));
        return List.copyOf(components);
    }

    /**
     * The exception mappers alone, for a test or a later route family registered on its own.
     * Register them once per Jersey environment.
     */
    public static List<Object> exceptionMappers(HttpSettings settings) {
        return List.of(new HttpProblemMapper(), new BufferRefusedMapper(), new StoreUnavailableMapper(settings));
    }
}
