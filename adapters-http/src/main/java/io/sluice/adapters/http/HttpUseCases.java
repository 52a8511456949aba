package io.sluice.adapters.http;

import io.sluice.application.port.in.IngestEventsUseCase;
import io.sluice.application.port.in.IngestMetricsUseCase;
import io.sluice.application.port.in.QueryAggregatesUseCase;
import io.sluice.application.port.in.QueryDeadLettersUseCase;
import io.sluice.application.port.in.QueryEventsUseCase;
import io.sluice.application.port.in.QueryMetricsUseCase;
import io.sluice.application.port.in.QueryPipelineStatsUseCase;
import io.sluice.application.port.in.ReplayDeadLettersUseCase;
import java.util.Objects;

/**
 * The use cases the native HTTP API serves, named so that bootstrap can pass one service for
 * several of them (the application's {@code QueryService} implements every read use case).
 * Immutable; thread-safe because every use case is.
 */
public record HttpUseCases(
        IngestEventsUseCase ingestEvents,
        QueryEventsUseCase events,
        QueryAggregatesUseCase aggregates,
        QueryMetricsUseCase metrics,
        QueryDeadLettersUseCase deadLetters,
        ReplayDeadLettersUseCase replay,
        QueryPipelineStatsUseCase stats,
        IngestMetricsUseCase ingestMetrics) {

    public HttpUseCases {
        Objects.requireNonNull(ingestEvents, "ingestEvents");
        Objects.requireNonNull(events, "events");
        Objects.requireNonNull(aggregates, "aggregates");
        Objects.requireNonNull(metrics, "metrics");
        Objects.requireNonNull(deadLetters, "deadLetters");
        Objects.requireNonNull(replay, "replay");
        Objects.requireNonNull(stats, "stats");
        Objects.requireNonNull(ingestMetrics, "ingestMetrics");
    }
}
