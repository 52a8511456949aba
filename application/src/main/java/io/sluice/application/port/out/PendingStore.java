package io.sluice.application.port.out;

/**
 * A batch handed to {@link StoreBatchPort#storeAfter}: its transaction may still be open.
 */
@FunctionalInterface
public interface PendingStore {

    /**
     * Waits until the batch committed or failed. Not interruptible: the transaction runs on the
     * store's own thread and ends by itself (committed, refused, or timed out by the store), and a
     * caller that stopped waiting could not tell whether its positions moved.
     *
     * @throws StoreUnavailableException when the store could not be reached, or the batch before
     *                                   this one was not stored; nothing of this batch was written
     * @throws StoreRejectedException    when the store refused the data; nothing was written
     */
    StoreReport outcome();

    /** A store that already ended; {@link #outcome} returns {@code report}. */
    static PendingStore done(StoreReport report) {
        return () -> report;
    }

    /** A store that already failed; {@link #outcome} throws {@code failure}. */
    static PendingStore failed(StoreException failure) {
        return () -> {
            throw failure;
        };
    }
}
