package io.sluice.adapters.http;

import java.time.Duration;

/** The {@code Retry-After} header value: whole seconds, rounded up, at least one. */
final class RetryAfter {

    static final String HEADER = "Retry-After";

    private RetryAfter() {
    }

    static long seconds(Duration delay) {
        if (delay == null || delay.isNegative() || delay.isZero()) {
            return 1;
        }
        long seconds = delay.getSeconds() + (delay.getNano() > 0 ? 1 : 0);
        return Math.max(1, seconds);
    }
}
