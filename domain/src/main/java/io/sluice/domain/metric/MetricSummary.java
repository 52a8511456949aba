package io.sluice.domain.metric;

import java.util.Objects;

/**
 * The aggregate of one metric bucket as queried: count, sum, min, max, average and the 95th
 * percentile (within {@link QuantileSketch#RELATIVE_ACCURACY}). Immutable and thread-safe.
 */
public record MetricSummary(MetricSeriesKey key, long count, double sum, double min, double max, double p95) {

    public MetricSummary {
        Objects.requireNonNull(key, "key");
        if (count <= 0) {
            throw new IllegalArgumentException("a summary covers at least one sample");
        }
    }

    public double avg() {
        return sum / count;
    }

    public static MetricSummary of(MetricSeriesKey key, long count, double sum, double min, double max, SketchBins bins) {
        double p95 = QuantileSketch.of(bins).quantile(0.95);
        // The sketch answers a bin's representative value; the exact extremes bound it.
        return new MetricSummary(key, count, sum, min, max, Math.max(min, Math.min(max, p95)));
    }
}
