package io.sluice.domain.metric;

import java.time.Duration;
import java.time.Instant;

/** The width of a metric-aggregate bucket; buckets are aligned to the Unix epoch (UTC). */
public enum MetricWindow {
    ONE_MINUTE("1m", Duration.ofMinutes(1)),
    FIVE_MINUTES("5m", Duration.ofMinutes(5)),
    ONE_HOUR("1h", Duration.ofHours(1));

    private final String label;
    private final long millis;

    MetricWindow(String label, Duration width) {
        this.label = label;
        this.millis = width.toMillis();
    }

    public Instant bucketOf(Instant timestamp) {
        long epochMillis = timestamp.toEpochMilli();
        return Instant.ofEpochMilli(Math.floorDiv(epochMillis, millis) * millis);
    }

    public String label() {
        return label;
    }

    public static MetricWindow fromLabel(String label) {
        for (MetricWindow window : values()) {
            if (window.label.equals(label)) {
                return window;
            }
        }
        throw new IllegalArgumentException("window is one of 1m, 5m, 1h (got '" + label + "')");
    }
}
