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
}
