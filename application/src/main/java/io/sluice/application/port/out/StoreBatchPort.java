package io.sluice.application.port.out;

/**
 * Writes one consumer batch and its positions atomically: either all of it is committed or
 * none of it (DESIGN §2.3). Safe for concurrent use by several consumers; positions only move
 * forward, so a consumer that lost its partition cannot move them back.
 */
public interface StoreBatchPort {

    /**
     * @throws StoreUnavailableException when the store cannot be reached; nothing was written
     * @throws StoreRejectedException    when the store refused the data and the batch did not ask
     *                                   to isolate poison; nothing was written
     */
    StoreReport store(StorableBatch batch);

    /**
     * Starts storing {@code batch} as {@link #store} does, its transaction overlapping the one of
     * {@code previous}, the batch the same caller handed to this method just before (null when none
     * is pending), so that a consumer reads and prepares its next batch, and the store writes it,
     * while the previous one commits. The batch commits only after {@code previous} committed, and
     * writes nothing when {@code previous} did not: its positions could otherwise move past records
     * that were never stored. Both batches must come from one reader, in the order read; a batch that
     * isolates poison is stored without overlap. Failures surface from {@link PendingStore#outcome()}.
     *
     * <p>This default overlaps nothing: it waits for {@code previous}, then stores.
     */
    default PendingStore storeAfter(PendingStore previous, StorableBatch batch) {
        if (previous != null) {
            try {
                previous.outcome();
            } catch (StoreException previousFailed) {
                return PendingStore.failed(new StoreUnavailableException("the batch before this one was not stored", previousFailed));
            }
        }
        try {
            return PendingStore.done(store(batch));
        } catch (StoreException failed) {
            return PendingStore.failed(failed);
        }
    }
}
