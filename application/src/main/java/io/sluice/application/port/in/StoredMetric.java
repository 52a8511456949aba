package io.sluice.application.port.in;

import io.sluice.domain.metric.MetricSample;
import java.util.Objects;

/** A stored metric sample with its storage id (seed 001's {@code id}). Immutable. */
public record StoredMetric(long id, MetricSample sample) {
    public StoredMetric {
        Objects.requireNonNull(sample, "sample");
    }
}
