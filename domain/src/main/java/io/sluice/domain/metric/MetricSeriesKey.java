package io.sluice.domain.metric;

import java.time.Instant;
import java.util.Objects;

/** One metric-aggregate bucket: a series (name + label set) over one window. Immutable, thread-safe. */
public record MetricSeriesKey(MetricWindow window, Instant bucketStart, MetricName name, MetricLabels labels) {

    public MetricSeriesKey {
        Objects.requireNonNull(window, "window");
        Objects.requireNonNull(bucketStart, "bucketStart");
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(labels, "labels");
        if (!window.bucketOf(bucketStart).equals(bucketStart)) {
            throw new IllegalArgumentException("a bucket starts on a " + window.label() + " boundary");
        }
    }
}
