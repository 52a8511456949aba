package io.sluice.adapters.http;

import io.sluice.application.port.in.AggregateQuery;
import io.sluice.application.port.in.MetricQuery;
import io.sluice.application.port.in.PipelineStats;
import io.sluice.application.port.in.QueryAggregatesUseCase;
import io.sluice.application.port.in.QueryMetricsUseCase;
import io.sluice.application.port.in.QueryPipelineStatsUseCase;
import io.sluice.application.port.in.StoredMetric;
import io.sluice.application.port.out.StoreUnavailableException;
import io.sluice.domain.aggregate.AggregateTotals;
import io.sluice.domain.metric.MetricSummary;
import java.util.ArrayList;
import java.util.List;

/**
 * The aggregate, metric and stats read use cases as canned answers that record the queries they
 * were asked, so tests check both what the adapter asked and how it rendered the answer. Thread-safe.
 */
final class RecordingReads implements QueryAggregatesUseCase, QueryMetricsUseCase, QueryPipelineStatsUseCase {

    private final List<AggregateQuery> aggregateQueries = new ArrayList<>();
    private final List<MetricQuery> metricQueries = new ArrayList<>();
    private List<AggregateTotals> aggregates = List.of();
    private List<MetricSummary> summaries = List.of();
    private PipelineStats stats = new PipelineStats(0, java.util.Map.of(), java.util.Map.of(), 0, -1, null);
    private boolean down;

    synchronized void answerAggregates(List<AggregateTotals> totals) {
        this.aggregates = List.copyOf(totals);
    }

    synchronized void answerSummaries(List<MetricSummary> summaries) {
        this.summaries = List.copyOf(summaries);
    }

    synchronized void answerStats(PipelineStats stats) {
        this.stats = stats;
    }

    private List<StoredMetric> newest = List.of();
    private final List<Integer> newestLimits = new ArrayList<>();

    synchronized void answerNewest(List<StoredMetric> metrics) {
        this.newest = List.copyOf(metrics);
    }

    synchronized List<Integer> newestLimits() {
        return List.copyOf(newestLimits);
    }

    synchronized void goDown() {
        down = true;
    }

    synchronized List<AggregateQuery> aggregateQueries() {
        return List.copyOf(aggregateQueries);
    }

    synchronized List<MetricQuery> metricQueries() {
        return List.copyOf(metricQueries);
    }

    @Override
    public synchronized List<AggregateTotals> aggregates(AggregateQuery query) {
        checkUp();
        aggregateQueries.add(query);
        return aggregates;
    }

    @Override
    public synchronized List<StoredMetric> newest(int limit) {
        checkUp();
        newestLimits.add(limit);
        return newest;
    }

    @Override
    public synchronized List<MetricSummary> summaries(MetricQuery query) {
        checkUp();
        metricQueries.add(query);
        return summaries;
    }

    @Override
    public synchronized PipelineStats stats() {
        checkUp();
        return stats;
    }

    private void checkUp() {
        if (down) {
            throw new StoreUnavailableException("connection refused", null);
        }
    }
}
