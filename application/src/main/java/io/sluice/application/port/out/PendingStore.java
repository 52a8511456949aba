package io.sluice.application.port.out;

import java.util.Objects;
import java.util.function.Supplier;

/**
 * A batch handed to {@link StoreBatchPort#storeAfter}: its transaction may still be open. A value
 * the store makes, not a port: callers only ask for its outcome and hand it back to the store.
 */
public final class PendingStore {

    private final Supplier<StoreReport> outcome;
    private final Object ticket;

    /**
     * @param outcome waits for the batch's end, as {@link #outcome()} says
     * @param ticket  what the store that made it needs to order the next batch after it; opaque to
     *                everyone else, null when the store needs nothing
     */
    public PendingStore(Supplier<StoreReport> outcome, Object ticket) {
        this.outcome = Objects.requireNonNull(outcome, "outcome");
        this.ticket = ticket;
    }

    /** A store that already ended; {@link #outcome} returns {@code report}. */
    public static PendingStore done(StoreReport report) {
        return new PendingStore(() -> report, null);
    }

    /** A store that already failed; {@link #outcome} throws {@code failure}. */
    public static PendingStore failed(StoreException failure) {
        return new PendingStore(() -> {
            throw failure;
        }, null);
    }

    /**
     * Waits until the batch committed or failed. Not interruptible: the transaction runs on the
     * store's own thread and ends by itself (committed, refused, or timed out by the store), and a
     * caller that stopped waiting could not tell whether its positions moved.
     *
     * @throws StoreUnavailableException when the store could not be reached, or the batch before
     *                                   this one was not stored; nothing of this batch was written
     * @throws StoreRejectedException    when the store refused the data; nothing was written
     */
    public StoreReport outcome() {
        return outcome.get();
    }

    /** For the store that made it (see the constructor). */
    public Object ticket() {
        return ticket;
    }
}
