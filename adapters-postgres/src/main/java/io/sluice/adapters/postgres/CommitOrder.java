package io.sluice.adapters.postgres;

/**
 * Where a batch's transaction meets the transaction of the batch stored before it, when the two
 * overlap ({@link OverlappedStore}): {@link BatchWriter} calls {@link #claimed} once the batch's ids
 * are claimed, and {@link #previousCommitted} before it touches any row the previous batch may
 * also touch (aggregates, user sets, positions).
 */
interface CommitOrder {

    /** A batch stored alone: nothing to wait for. */
    CommitOrder ALONE = new CommitOrder() {
        @Override
        public void claimed() {
        }

        @Override
        public void previousCommitted() {
        }
    };

    /** The batch's ids are claimed: the next batch may claim its own. */
    void claimed();

    /**
     * Returns once the previous batch committed.
     *
     * @throws io.sluice.application.port.out.StoreUnavailableException when it did not: this batch
     *     must roll back, since committing it would move the positions past the previous one
     */
    void previousCommitted();
}
