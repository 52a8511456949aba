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
 */
public record HttpSettings(int maxBodyBytes, Duration storeRetryAfter) {

    public static final int DEFAULT_MAX_BODY_BYTES = 1024 * 1024;
    public static final Duration DEFAULT_STORE_RETRY_AFTER = Duration.ofSeconds(5);
    /** Keeps the bounded body buffer an {@code int}-indexed array with room for the one extra byte. */
    public static final int MAX_BODY_BYTES_LIMIT = 256 * 1024 * 1024;

    public HttpSettings {
        Objects.requireNonNull(storeRetryAfter, "storeRetryAfter");
        if (maxBodyBytes < 1 || maxBodyBytes > MAX_BODY_BYTES_LIMIT) {
            throw new IllegalArgumentException("maxBodyBytes is between 1 and " + MAX_BODY_BYTES_LIMIT + " (got " + maxBodyBytes + ")");
        }
        if (storeRetryAfter.isNegative()) {
            throw new IllegalArgumentException("storeRetryAfter is not negative");
        }
    }

    /** 1 MiB bodies, a 5 second retry hint. */
    public static HttpSettings defaults() {
        return new HttpSettings(DEFAULT_MAX_BODY_BYTES, DEFAULT_STORE_RETRY_AFTER);
    }

    public HttpSettings withMaxBodyBytes(int bytes) {
        return new HttpSettings(bytes, storeRetryAfter);
    }
}
