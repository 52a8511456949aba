package io.sluice.adapters.chronicle;

import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.Condition;
import java.util.concurrent.locks.ReentrantLock;

/**
 * Wakes the waiting reader when the writer appended something, so an idle consumer neither spins
 * nor sleeps through new records. A missed wake-up costs at most one wait slice, which also covers
 * entries written by another process. Safe for concurrent use.
 */
final class Arrivals {

    private final ReentrantLock lock = new ReentrantLock();
    private final Condition appended = lock.newCondition();
    private volatile boolean readerWaiting;

    /** Called by the writer after each group; cheap when nobody waits. */
    void signal() {
        if (!readerWaiting) {
            return;
        }
        lock.lock();
        try {
            appended.signalAll();
        } finally {
            lock.unlock();
        }
    }

    /** Waits up to {@code nanos} or until the next signal. */
    void await(long nanos) throws InterruptedException {
        lock.lock();
        try {
            readerWaiting = true;
            appended.awaitNanos(nanos);
        } finally {
            readerWaiting = false;
            lock.unlock();
        }
    }

    void awaitSlice(long remainingNanos) throws InterruptedException {
        await(Math.min(remainingNanos, TimeUnit.MILLISECONDS.toNanos(20)));
    }
}
