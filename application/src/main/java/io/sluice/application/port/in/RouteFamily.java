package io.sluice.application.port.in;

/**
 * The ingestion routes, grouped as clients see them: the bounded set of values of the
 * {@code route} label on the ingest, rate-limit and write-key metrics.
 */
public enum RouteFamily {
    /** {@code POST /v1/events}. */
    NATIVE("native"),
    /** Seed 000's {@code POST /track}. */
    TRACK("track"),
    /** Segment's {@code /v1/track}, {@code /v1/batch} and the other calls. */
    SEGMENT("segment"),
    /** Seed 002's {@code POST /api/v1/metrics}. */
    METRICS("metrics"),
    /** Seed 000's {@code POST /register_event}. */
    LEGACY("legacy");

    private final String label;

    RouteFamily(String label) {
        this.label = label;
    }

    /** The name in metrics and in {@code IngestEventsCommand.routeFamily}. */
    public String label() {
        return label;
    }
}
