package io.sluice.application.service;

import io.sluice.application.port.in.AggregateQuery;
import io.sluice.application.port.in.DeadLetterQuery;
import io.sluice.application.port.in.EventQuery;
import io.sluice.application.port.in.MetricQuery;
import io.sluice.application.port.in.PipelineStats;
import io.sluice.application.port.in.QueryAggregatesUseCase;
import io.sluice.application.port.in.QueryDeadLettersUseCase;
import io.sluice.application.port.in.QueryEventsUseCase;
import io.sluice.application.port.in.QueryMetricsUseCase;
import io.sluice.application.port.in.QueryPipelineStatsUseCase;
import io.sluice.application.port.in.StoredDeadLetter;
import io.sluice.application.port.in.StoredEvent;
import io.sluice.application.port.in.StoredMetric;
import io.sluice.application.port.out.LoadAggregatesPort;
import io.sluice.application.port.out.LoadDeadLettersPort;
import io.sluice.application.port.out.LoadEventsPort;
import io.sluice.application.port.out.LoadMetricsPort;
import io.sluice.application.port.out.LoadStoreStatsPort;
import io.sluice.application.port.out.MeasureBacklogPort;
import io.sluice.application.port.out.StoreStats;
import io.sluice.domain.aggregate.AggregateTotals;
import io.sluice.domain.event.EventId;
import io.sluice.domain.metric.MetricSummary;
import java.util.List;
import java.util.Optional;

/** The read side: thin, because the store answers the queries. Thread-safe. */
public final class QueryService implements QueryEventsUseCase, QueryAggregatesUseCase, QueryMetricsUseCase,
        QueryDeadLettersUseCase, QueryPipelineStatsUseCase {

    private final LoadEventsPort events;
    private final LoadAggregatesPort aggregates;
    private final LoadMetricsPort metrics;
    private final LoadDeadLettersPort deadLetters;
    private final LoadStoreStatsPort stats;
    private final MeasureBacklogPort backlog;

    public QueryService(LoadEventsPort events, LoadAggregatesPort aggregates, LoadMetricsPort metrics,
                        LoadDeadLettersPort deadLetters, LoadStoreStatsPort stats, MeasureBacklogPort backlog) {
        this.events = events;
        this.aggregates = aggregates;
        this.metrics = metrics;
        this.deadLetters = deadLetters;
        this.stats = stats;
        this.backlog = backlog;
    }

    @Override
    public List<StoredEvent> find(EventQuery query) {
        return events.find(query);
    }

    @Override
    public Optional<StoredEvent> findById(EventId id) {
        return events.findById(id);
    }

    @Override
    public List<AggregateTotals> aggregates(AggregateQuery query) {
        return aggregates.load(query);
    }

    @Override
    public List<StoredMetric> newest(int limit) {
        return metrics.newest(Math.max(1, Math.min(MAX_NEWEST, limit)));
    }

    @Override
    public List<MetricSummary> summaries(MetricQuery query) {
        return metrics.summaries(query);
    }

    @Override
    public List<StoredDeadLetter> find(DeadLetterQuery query) {
        return deadLetters.find(query);
    }

    @Override
    public Optional<StoredDeadLetter> findById(long id) {
        return deadLetters.findById(id);
    }

    @Override
    public PipelineStats stats() {
        StoreStats store = stats.stats();
        return new PipelineStats(store.totalEvents(), store.eventsByType(), store.deadLetters(), store.metricSamples(),
                backlog.backlog(), store.lastProcessedAt(), backlog.backlogByPartition());
    }
}
