package io.sluice.adapters.http;

import java.time.Duration;
import java.util.Objects;

/**
 * The settings of the HTTP adapter, converted by bootstrap from its configuration. Immutable and
 * thread-safe.
 *
 * @param maxBodyBytes    the largest request body accepted, in bytes (after any content decoding);
 *                        larger bodies are answered 413 without being buffered
 * @param storeRetryAfter what read routes put in {@code Retry-After} when the store is unavailable
 *                        (the store port names no delay of its own); rounded up to whole seconds
 * @param maxInFlightBodyBytes the request bodies all ingestion routes together may hold in memory at
 *                        once, each counted at its declared length (or {@code maxBodyBytes} when it
 *                        declares none); a request beyond it is answered 503 with {@code Retry-After}
 *                        before its body is read, so concurrent large bodies cannot exhaust the heap
 */
public record HttpSettings(int maxBodyBytes, Duration storeRetryAfter, long maxInFlightBodyBytes) {

    public static final int DEFAULT_MAX_BODY_BYTES = 1024 * 1024;
    /** 16 bodies of the default 1 MiB limit. */
    public static final long DEFAULT_MAX_IN_FLIGHT_BODY_BYTES = 16L * 1024 * 1024;
    /**
     * The most items (events, messages, lines) one request may carry; more is 413
     * {@code too_many_items}. It bounds what one request costs the server whatever the item
     * size (a 1 MiB NDJSON body of {@code 1\n} lines is 500 000 items), and keeps every request's
     * buffer entry far below what the buffer can take, so a 503 is always worth a retry.
     */
    public static final int MAX_ITEMS_PER_REQUEST = 10_000;
    public static final Duration DEFAULT_STORE_RETRY_AFTER = Duration.ofSeconds(5);
    /** Keeps the bounded body buffer an {@code int}-indexed array with room for the one extra byte. */
    public static final int MAX_BODY_BYTES_LIMIT = 256 * 1024 * 1024;

    public HttpSettings(int maxBodyBytes, Duration storeRetryAfter) {
        this(maxBodyBytes, storeRetryAfter, DEFAULT_MAX_IN_FLIGHT_BODY_BYTES);
    }

    public HttpSettings {
        Objects.requireNonNull(storeRetryAfter, "storeRetryAfter");
        if (maxInFlightBodyBytes < maxBodyBytes) {
            throw new IllegalArgumentException("maxInFlightBodyBytes is at least maxBodyBytes (" + maxBodyBytes + "), got "
                    + maxInFlightBodyBytes);
        }
        if (maxBodyBytes < 1 || maxBodyBytes > MAX_BODY_BYTES_LIMIT) {
            throw new IllegalArgumentException("maxBodyBytes is between 1 and " + MAX_BODY_BYTES_LIMIT + " (got " + maxBodyBytes + ")");
        }
        if (storeRetryAfter.isNegative()) {
            throw new IllegalArgumentException("storeRetryAfter is not negative");
        }
    }

    /** 1 MiB bodies, a 5 second retry hint. */
    public static HttpSettings defaults() {
        return new HttpSettings(DEFAULT_MAX_BODY_BYTES, DEFAULT_STORE_RETRY_AFTER, DEFAULT_MAX_IN_FLIGHT_BODY_BYTES);
    }

    public HttpSettings withMaxBodyBytes(int bytes) {
        return new HttpSettings(bytes, storeRetryAfter, Math.max(bytes, maxInFlightBodyBytes));
    }

    public HttpSettings withMaxInFlightBodyBytes(long bytes) {
        return new HttpSettings(maxBodyBytes, storeRetryAfter, bytes);
    }
}
