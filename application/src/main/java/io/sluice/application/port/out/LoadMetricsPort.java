package io.sluice.application.port.out;

import io.sluice.application.port.in.MetricQuery;
import io.sluice.application.port.in.StoredMetric;
import io.sluice.domain.metric.MetricSummary;
import java.util.List;

/** Reads stored metric samples and their aggregates. Safe for concurrent use. */
public interface LoadMetricsPort {

    /** The most recently measured samples, newest first (seed 001's listing). */
    List<StoredMetric> newest(int limit);

    /** Summaries ordered by bucket start, name, labels. */
    List<MetricSummary> summaries(MetricQuery query);
}
