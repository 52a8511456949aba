package io.sluice.adapters.http;

import io.github.bucket4j.Bucket;
import io.github.bucket4j.ConsumptionProbe;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Token buckets (Bucket4j), one per write key and one per anonymous client address. Keyed
 * buckets are bounded by the configured keys; address buckets live in a least-recently-used map
 * of at most {@code maxClients} entries, split into stripes so that concurrent requests rarely
 * wait for one another. Thread-safe.
 */
final class RateLimiter {

    private static final int STRIPES = 16;

    private final HttpAccess.RateLimit settings;
    private final Map<String, Bucket> keyed = new ConcurrentHashMap<>();
    private final Map<String, Bucket>[] anonymous;

    @SuppressWarnings("unchecked")
    RateLimiter(HttpAccess.RateLimit settings) {
        this.settings = settings;
        int perStripe = Math.max(1, (settings.maxClients() + STRIPES - 1) / STRIPES);
        this.anonymous = new Map[STRIPES];
        for (int i = 0; i < STRIPES; i++) {
            anonymous[i] = new LinkedHashMap<>(16, 0.75f, true) {
                @Override
                protected boolean removeEldestEntry(Map.Entry<String, Bucket> eldest) {
                    return size() > perStripe;
                }
            };
        }
    }

    /**
     * Takes one token for the caller.
     *
     * @return {@code null} when the request may pass, else how long until a token is back
     */
    Duration take(Caller caller) {
        if (!settings.enabled()) {
            return null;
        }
        Bucket bucket;
        if (caller.keyed()) {
            bucket = keyed.computeIfAbsent(caller.name(), name -> newBucket());
        } else {
            Map<String, Bucket> stripe = anonymous[Math.floorMod(caller.name().hashCode(), STRIPES)];
            synchronized (stripe) {
                bucket = stripe.computeIfAbsent(caller.name(), name -> newBucket());
            }
        }
        ConsumptionProbe probe = bucket.tryConsumeAndReturnRemaining(1);
        return probe.isConsumed() ? null : Duration.ofNanos(probe.getNanosToWaitForRefill());
    }

    private Bucket newBucket() {
        return Bucket.builder()
                .addLimit(limit -> limit.capacity(settings.burst()).refillGreedy(settings.requestsPerSecond(), Duration.ofSeconds(1)))
                .build();
    }
}
