package io.sluice.adapters.http;

import java.util.function.LongSupplier;

/**
 * How many records per second the live view turns into frames, for all viewers together: a token
 * bucket holding at most one second's worth. What is over it is counted into the viewers'
 * "skipped" markers instead of being encoded, so a viewer costs ingress a bounded amount of work
 * whatever the ingest rate (a person reads a few events per second; at 400k events/s encoding every
 * one for five viewers halved the ingest rate). The bucket is refilled in whole ticks of
 * {@link #TICK_NANOS}, not continuously: at thousands of batches a second a continuous refill
 * grants a token or two to nearly every batch, and each such batch is turned into items and wakes
 * every viewer's stream for a frame, where ticks grant whole runs to a few batches and leave the
 * others to be only counted. Thread-safe.
 */
final class LiveBudget {

    private static final long NANOS_PER_SECOND = 1_000_000_000L;
    /** Ten refills a second: what is shown still arrives within the live view's second. */
    static final long TICK_NANOS = NANOS_PER_SECOND / 10;

    private final long perSecond;
    private final LongSupplier nanoTime;
    private double tokens;
    private long refilledAt;

    LiveBudget(long perSecond, LongSupplier nanoTime) {
        if (perSecond < 1) {
            throw new IllegalArgumentException("perSecond must be at least 1");
        }
        this.perSecond = perSecond;
        this.nanoTime = nanoTime;
        this.tokens = perSecond;
        this.refilledAt = nanoTime.getAsLong();
    }

    /** Takes up to {@code wanted} records' worth and returns how many were granted (0 to {@code wanted}). */
    synchronized int take(int wanted) {
        long ticks = (nanoTime.getAsLong() - refilledAt) / TICK_NANOS;
        if (ticks > 0) {
            tokens = Math.min(perSecond, tokens + (double) ticks * perSecond * TICK_NANOS / NANOS_PER_SECOND);
            refilledAt += ticks * TICK_NANOS;
        }
        int granted = (int) Math.min(wanted, Math.floor(tokens));
        tokens -= granted;
        return granted;
    }
}
