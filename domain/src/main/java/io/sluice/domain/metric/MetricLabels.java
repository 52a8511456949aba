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
                .map(e -> escaped(e.getKey()) + "=" + escaped(e.getValue()))
                .collect(Collectors.joining(","));
    }

    public static MetricLabels of(Map<String, String> labels) {
        Objects.requireNonNull(labels, "labels");
        if (labels.size() > MAX_LABELS) {
            throw new IllegalArgumentException("a sample has at most " + MAX_LABELS + " labels");
        }
        return labels.isEmpty() ? NONE : new MetricLabels(new TreeMap<>(labels));
    }

    private static String escaped(String text) {
        if (text.indexOf('\\') < 0 && text.indexOf(',') < 0 && text.indexOf('=') < 0) {
            return text;
        }
        StringBuilder out = new StringBuilder(text.length() + 8);
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            if (c == '\\' || c == ',' || c == '=') {
                out.append('\\');
            }
            out.append(c);
        }
        return out.toString();
    }

    public Map<String, String> asMap() {
        return labels;
    }

    /**
     * {@code k1=v1,k2=v2} in key order: a stable series key for storage. A backslash, {@code ,} or
     * {@code =} inside a name or value is preceded by a backslash, so two different label sets never
     * share a key; labels without those characters read as they are.
     */
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
