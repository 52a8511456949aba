package io.sluice.adapters.http;

import io.github.bucket4j.Bucket;
import io.github.bucket4j.ConsumptionProbe;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Token buckets (Bucket4j), a request bucket and an event bucket per write key and per anonymous
 * client address. Keyed
 * buckets are bounded by the configured keys; address buckets live in a least-recently-used map
 * of at most {@code maxClients} entries, split into stripes so that concurrent requests rarely
 * wait for one another. Thread-safe.
 */
final class RateLimiter {

    private static final int STRIPES = 16;

    private final HttpAccess.RateLimit settings;
    private final Map<String, Budget> keyed = new ConcurrentHashMap<>();
    private final Map<String, Budget>[] anonymous;

    /** One caller's two buckets. */
    private record Budget(Bucket requests, Bucket events) {
    }

    @SuppressWarnings("unchecked")
    RateLimiter(HttpAccess.RateLimit settings) {
        this.settings = settings;
        int perStripe = Math.max(1, (settings.maxClients() + STRIPES - 1) / STRIPES);
        this.anonymous = new Map[STRIPES];
        for (int i = 0; i < STRIPES; i++) {
            anonymous[i] = new LinkedHashMap<>(16, 0.75f, true) {
                @Override
                protected boolean removeEldestEntry(Map.Entry<String, Budget> eldest) {
                    return size() > perStripe;
                }
            };
        }
    }

    /**
     * Takes one request token for the caller.
     *
     * @return {@code null} when the request may pass, else how long until a token is back
     */
    Duration take(Caller caller) {
        if (!settings.enabled()) {
            return null;
        }
        return consume(budget(caller).requests(), 1);
    }

    /**
     * Takes one event token per item of a request, all or none.
     *
     * @return {@code null} when the items may pass, else how long until enough tokens are back
     */
    Duration takeEvents(Caller caller, int items) {
        if (!settings.enabled() || items < 1) {
            return null;
        }
        return consume(budget(caller).events(), items);
    }

    private static Duration consume(Bucket bucket, long tokens) {
        ConsumptionProbe probe = bucket.tryConsumeAndReturnRemaining(tokens);
        return probe.isConsumed() ? null : Duration.ofNanos(probe.getNanosToWaitForRefill());
    }

    private Budget budget(Caller caller) {
        if (caller.keyed()) {
            return keyed.computeIfAbsent(caller.name(), name -> newBudget());
        }
        Map<String, Budget> stripe = anonymous[Math.floorMod(caller.name().hashCode(), STRIPES)];
        synchronized (stripe) {
            return stripe.computeIfAbsent(caller.name(), name -> newBudget());
        }
    }

    private Budget newBudget() {
        return new Budget(
                Bucket.builder().addLimit(limit -> limit.capacity(settings.burst())
                        .refillGreedy(settings.requestsPerSecond(), Duration.ofSeconds(1))).build(),
                Bucket.builder().addLimit(limit -> limit.capacity(settings.eventBurst())
                        .refillGreedy(settings.eventsPerSecond(), Duration.ofSeconds(1))).build());
    }
}
