package io.sluice.domain.aggregate;

import java.time.Instant;
import java.time.temporal.ChronoUnit;

/** The width of an event-aggregate bucket. Buckets are aligned to UTC and start inclusive. */
public enum Granularity {
    MINUTE(ChronoUnit.MINUTES),
    HOUR(ChronoUnit.HOURS);

    private final ChronoUnit unit;

    Granularity(ChronoUnit unit) {
        this.unit = unit;
    }

    public Instant bucketOf(Instant timestamp) {
        return timestamp.truncatedTo(unit);
    }

    public String label() {
        return name().toLowerCase(java.util.Locale.ROOT);
    }

    public static Granularity fromLabel(String label) {
        for (Granularity granularity : values()) {
            if (granularity.label().equals(label)) {
                return granularity;
            }
        }
        throw new IllegalArgumentException("granularity is one of minute, hour (got '" + label + "')");
    }
}
