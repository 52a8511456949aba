package io.sluice.application.port.in;

import io.sluice.domain.metric.MetricSummary;
import java.util.List;

/** Reads metric samples and their aggregates. Thread-safe. */
public interface QueryMetricsUseCase {

    int MAX_NEWEST = 100;

    /** The newest samples, newest first; {@code limit} is clamped to 1..{@link #MAX_NEWEST} (seed 001). */
    List<StoredMetric> newest(int limit);

    List<MetricSummary> summaries(MetricQuery query);
}
