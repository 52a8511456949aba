package io.sluice.domain.metric;

import java.util.Objects;

/**
 * What a set of newly stored samples adds to one metric bucket. Count, sum and bins add up;
 * min and max combine by comparison. Immutable and thread-safe.
 */
public record MetricDelta(MetricSeriesKey key, long count, double sum, double min, double max, SketchBins bins) {

    public MetricDelta {
        Objects.requireNonNull(key, "key");
        Objects.requireNonNull(bins, "bins");
        if (count <= 0 || min > max) {
            throw new IllegalArgumentException("a delta adds at least one sample, with min ≤ max");
        }
    }
}
