package io.sluice.adapters.http;

import java.time.Duration;
import java.util.List;
import java.util.Objects;

/**
 * Who may call which route, how often, and from which browser origins; converted by bootstrap
 * from its {@code auth}, {@code rateLimit} and {@code cors} sections. Immutable and thread-safe.
 *
 * @param keys             the accepted write and read keys
 * @param writeKeyRequired ingestion routes refuse requests without a write key (401); when off,
 *                         they accept anonymous requests, limited per client address. Read routes
 *                         always require a read key.
 * @param rateLimit        the per-caller token buckets
 * @param cors             the browser origins allowed to call the API
 */
public record HttpAccess(ApiKeys keys, boolean writeKeyRequired, RateLimit rateLimit, Cors cors) {

    public HttpAccess {
        Objects.requireNonNull(keys, "keys");
        Objects.requireNonNull(rateLimit, "rateLimit");
        Objects.requireNonNull(cors, "cors");
    }

    /**
     * Token buckets per write key, or per client address for anonymous requests: one for requests
     * (a request takes one token whatever it carries) and one for events (a request takes one
     * token per item it carries), so a caller sending few large batches cannot fill the buffer
     * any faster than one sending many small requests.
     *
     * @param enabled           off: no limit at all
     * @param requestsPerSecond the sustained rate each caller gets
     * @param burst             the bucket's capacity: how many requests a caller may send at once
     * @param maxClients        at most this many anonymous callers are tracked; the least recently
     *                          seen ones are forgotten (their budget starts full again)
     * @param trustedProxies    addresses or CIDR blocks of reverse proxies whose
     *                          {@code X-Forwarded-For} is believed; from anyone else it is ignored
     * @param eventsPerSecond   the sustained rate of items (events, messages, samples) each caller gets
     * @param eventBurst        how many items a caller may send at once; at least
     *                          {@link HttpSettings#MAX_ITEMS_PER_REQUEST}, so a full request can always pass
     */
    public record RateLimit(boolean enabled, long requestsPerSecond, long burst, int maxClients, List<String> trustedProxies,
                            long eventsPerSecond, long eventBurst) {

        public static final long DEFAULT_EVENTS_PER_SECOND = 20_000;
        public static final long DEFAULT_EVENT_BURST = 100_000;

        public RateLimit(boolean enabled, long requestsPerSecond, long burst, int maxClients, List<String> trustedProxies) {
            this(enabled, requestsPerSecond, burst, maxClients, trustedProxies, DEFAULT_EVENTS_PER_SECOND, DEFAULT_EVENT_BURST);
        }

        public RateLimit {
            trustedProxies = List.copyOf(trustedProxies);
            if (enabled && (requestsPerSecond < 1 || burst < 1)) {
                throw new IllegalArgumentException("requestsPerSecond and burst are at least 1");
            }
            if (enabled && (eventsPerSecond < 1 || eventBurst < HttpSettings.MAX_ITEMS_PER_REQUEST)) {
                throw new IllegalArgumentException("eventsPerSecond is at least 1 and eventBurst at least "
                        + HttpSettings.MAX_ITEMS_PER_REQUEST + " (a full request)");
            }
            if (maxClients < 1) {
                throw new IllegalArgumentException("maxClients is at least 1");
            }
            trustedProxies.forEach(ClientAddress::checkedBlock);
        }

        public static RateLimit off() {
            return new RateLimit(false, 1, 1, 1, List.of());
        }
    }

    /**
     * Cross-origin access for browser clients. No origins: no CORS headers at all (browsers then
     * refuse cross-origin calls). {@code *} allows every origin.
     */
    public record Cors(List<String> allowedOrigins, List<String> allowedMethods, List<String> allowedHeaders, Duration maxAge) {
        public Cors {
            allowedOrigins = List.copyOf(allowedOrigins);
            allowedMethods = List.copyOf(allowedMethods);
            allowedHeaders = List.copyOf(allowedHeaders);
            Objects.requireNonNull(maxAge, "maxAge");
        }

        public static Cors off() {
            return new Cors(List.of(), List.of(), List.of(), Duration.ZERO);
        }
    }
}
