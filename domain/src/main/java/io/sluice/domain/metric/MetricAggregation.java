package io.sluice.domain.metric;

import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/** Turns newly stored samples into per-bucket deltas for every window. Stateless and thread-safe. */
public final class MetricAggregation {

    private MetricAggregation() {
    }

    public static List<MetricDelta> deltasOf(Collection<MetricSample> newlyStored) {
        Map<MetricSeriesKey, Accumulator> buckets = new HashMap<>();
        for (MetricSample sample : newlyStored) {
            for (MetricWindow window : MetricWindow.values()) {
                MetricSeriesKey key = new MetricSeriesKey(window, window.bucketOf(sample.timestamp()), sample.name(), sample.labels());
                buckets.computeIfAbsent(key, k -> new Accumulator()).add(sample.value());
            }
        }
        List<MetricDelta> deltas = new ArrayList<>(buckets.size());
        buckets.forEach((key, acc) -> deltas.add(new MetricDelta(key, acc.sketch.count(), acc.sum, acc.min, acc.max, acc.sketch.bins())));
        return deltas;
    }

    private static final class Accumulator {
        private final QuantileSketch sketch = new QuantileSketch();
        private double sum;
        private double min = Double.POSITIVE_INFINITY;
        private double max = Double.NEGATIVE_INFINITY;

        void add(double value) {
            sketch.add(value);
            sum += value;
            min = Math.min(min, value);
            max = Math.max(max, value);
        }
    }
}
