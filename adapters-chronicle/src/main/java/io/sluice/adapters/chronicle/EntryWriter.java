package io.sluice.adapters.chronicle;

/**
 * How an encoded entry gets into the queue. Two ways, chosen by {@link ChronicleSettings#syncToDisk()}:
 * {@link GroupCommitWriter} when every entry is {@code msync}ed (one thread writes the appends of
 * many requests and syncs them once), {@link LockedWriter} when the page cache is the durability
 * (the request's own thread writes under a lock, with no hand-off between threads to pay for).
 * Thread-safe.
 */
interface EntryWriter extends AutoCloseable {

    void start();

    /**
     * Writes one entry of {@code count} records, whose room in the backlog the caller reserved, and
     * returns once it is in the queue.
     *
     * @param deadlineNanos the {@link System#nanoTime()} after which the append is refused
     * @throws io.sluice.application.port.out.BufferUnavailableException when refused: the entry gave
     *         its backlog room back and was never written, unless the message says that it "may
     *         still be written" (its write had started and did not finish in time)
     */
    void append(byte[] body, int count, long deadlineNanos);

    /** False once closed, or once an {@link Error} stopped the writer: every append would be refused. */
    boolean isRunning();

    /** Refuses further appends; an append being written is finished first. */
    @Override
    void close();
}
