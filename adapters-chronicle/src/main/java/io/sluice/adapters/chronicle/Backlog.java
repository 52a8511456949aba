package io.sluice.adapters.chronicle;

import java.util.concurrent.atomic.AtomicLong;

/**
 * Records appended (or reserved for an append in flight) and not yet committed by the consumer,
 * bounded by a limit. Reservation happens before the write so concurrent appends cannot overshoot
 * the limit together. Lock-free and safe for concurrent use.
 */
final class Backlog {

    private final AtomicLong records;
    private final long limit;

    Backlog(long initial, long limit) {
        this.records = new AtomicLong(initial);
        this.limit = limit;
    }

    /** Reserves room for {@code n} records; false when that would pass the limit. */
    boolean tryReserve(int n) {
        while (true) {
            long current = records.get();
            if (current + n > limit) {
                return false;
            }
            if (records.compareAndSet(current, current + n)) {
                return true;
            }
        }
    }

    /** Gives back room reserved for records that were not written. */
    void release(int n) {
        consumed(n);
    }

    /** Records committed by the consumer leave the backlog. */
    void consumed(long n) {
        // Entries written by another process were never reserved here, so never go below zero.
        records.updateAndGet(current -> Math.max(0, current - n));
    }

    long records() {
        return records.get();
    }
}
