package io.sluice.domain.aggregate;

import java.time.Instant;

/** The width of an event-aggregate bucket. Buckets are aligned to UTC and start inclusive. */
public enum Granularity {
    MINUTE(60),
    HOUR(3600);

    private final long seconds;

    Granularity(long seconds) {
        this.seconds = seconds;
    }

    // Arithmetic on the epoch second rather than Instant.truncatedTo: the consumer computes two buckets per
    // event and checks each key's start, and truncatedTo's nanosecond arithmetic showed in its profile.
    public Instant bucketOf(Instant timestamp) {
        long second = timestamp.getEpochSecond();
        return Instant.ofEpochSecond(second - Math.floorMod(second, seconds));
    }

    /** Whether {@code instant} is the start of a bucket of this width. */
    public boolean startsBucket(Instant instant) {
        return instant.getNano() == 0 && Math.floorMod(instant.getEpochSecond(), seconds) == 0;
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
