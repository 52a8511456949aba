package io.sluice.adapters.http;

import java.time.Duration;
import java.util.Objects;

/**
 * Bounds of the live view ({@code GET /v1/live}). Immutable.
 *
 * @param maxViewers  streams open at once; one more is refused with 503
 * @param queueEvents frames one viewer holds (waiting or being written); what does not fit is
 *                    skipped and counted
 * @param queueBytes  the bytes of those frames, the same way
 * @param heartbeat   silence after which a comment line keeps the connection (and proxies) from
 *                    timing out; shorter than the connector's idle timeout
 * @param itemsPerSecond records per second this node's live view shows, all viewers together;
 *                    the rest reach the viewers as "skipped" counts, never encoded
 */
public record LiveSettings(int maxViewers, int queueEvents, long queueBytes, Duration heartbeat, int itemsPerSecond) {

    public static final int DEFAULT_ITEMS_PER_SECOND = 2_000;

    public LiveSettings {
        if (maxViewers < 0 || queueEvents < 1 || queueBytes < 1 || itemsPerSecond < 1) {
            throw new IllegalArgumentException("maxViewers ≥ 0, queueEvents, queueBytes and itemsPerSecond ≥ 1");
        }
        Objects.requireNonNull(heartbeat, "heartbeat");
        if (heartbeat.isNegative() || heartbeat.isZero()) {
            throw new IllegalArgumentException("heartbeat must be positive");
        }
    }

    /** Bounds without a rate: every record is shown that the viewers' queues take. */
    public LiveSettings(int maxViewers, int queueEvents, long queueBytes, Duration heartbeat) {
        this(maxViewers, queueEvents, queueBytes, heartbeat, Integer.MAX_VALUE);
    }

    public static LiveSettings defaults() {
        return new LiveSettings(16, 10_000, 4L << 20, Duration.ofSeconds(10), DEFAULT_ITEMS_PER_SECOND);
    }
}
