package io.sluice.domain.metric;

import java.time.Instant;
import java.util.Objects;

/**
 * One validated measurement (seed 001's metric): a finite value of a named quantity at a time,
 * with labels. Immutable and thread-safe.
 *
 * @param id         the deduplication key of the sample (generated at ingress)
 * @param name       what was measured
 * @param value      the finite measured value
 * @param timestamp  when it was measured (defaults to {@code receivedAt})
 * @param receivedAt when Sluice accepted it
 * @param labels     the series labels
 */
public record MetricSample(String id, MetricName name, double value, Instant timestamp, Instant receivedAt, MetricLabels labels) {

    public MetricSample {
        Objects.requireNonNull(id, "id");
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(timestamp, "timestamp");
        Objects.requireNonNull(receivedAt, "receivedAt");
        Objects.requireNonNull(labels, "labels");
        if (!Double.isFinite(value)) {
            throw new IllegalArgumentException("a metric value is finite");
        }
        if (id.isEmpty() || id.length() > 100) {
            throw new IllegalArgumentException("a sample id has 1 to 100 characters");
        }
    }
}
