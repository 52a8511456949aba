package io.sluice.application.port.in;

import io.sluice.domain.metric.MetricName;
import io.sluice.domain.metric.MetricWindow;
import java.time.Instant;
import java.util.Objects;

/** Metric buckets of one window whose start lies in [from, to), optionally of one metric name. Immutable. */
public record MetricQuery(MetricWindow window, MetricName name, Instant from, Instant to) {
    public MetricQuery {
        Objects.requireNonNull(window, "window");
        Objects.requireNonNull(from, "from");
        Objects.requireNonNull(to, "to");
        if (!from.isBefore(to)) {
            throw new IllegalArgumentException("from is before to");
        }
    }
}
