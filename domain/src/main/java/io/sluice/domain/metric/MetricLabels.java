package io.sluice.domain.metric;

import java.util.Collections;
import java.util.Map;
import java.util.Objects;
import java.util.TreeMap;
import java.util.stream.Collectors;

/**
 * The label set of a metric sample (string to string), sorted by key so that equal sets are one
 * series whatever order the client sent them in. Immutable and thread-safe.
 */
public final class MetricLabels {

    public static final MetricLabels NONE = new MetricLabels(new TreeMap<>());
    public static final int MAX_LABELS = 32;

    private final Map<String, String> labels;
    private final String canonical;

    private MetricLabels(TreeMap<String, String> labels) {
        this.labels = Collections.unmodifiableMap(labels);
        this.canonical = labels.entrySet().stream()
                .map(e -> e.getKey() + "=" + e.getValue())
                .collect(Collectors.joining(","));
    }

    public static MetricLabels of(Map<String, String> labels) {
        Objects.requireNonNull(labels, "labels");
        if (labels.size() > MAX_LABELS) {
            throw new IllegalArgumentException("a sample has at most " + MAX_LABELS + " labels");
        }
        return labels.isEmpty() ? NONE : new MetricLabels(new TreeMap<>(labels));
    }

    public Map<String, String> asMap() {
        return labels;
    }

    /** {@code k1=v1,k2=v2} in key order: a stable series key for storage. */
    public String canonical() {
        return canonical;
    }

    @Override
    public boolean equals(Object other) {
        return other instanceof MetricLabels that && labels.equals(that.labels);
    }

    @Override
    public int hashCode() {
        return labels.hashCode();
    }

    @Override
    public String toString() {
        return "{" + canonical + "}";
    }
}
