package io.sluice.application.port.out;

/** Reads the positions a consumer group committed with its data. Safe for concurrent use. */
public interface LoadConsumerPositionsPort {

    /**
     * @return the next position to read in each partition of {@code stream} the group committed
     * @throws StoreUnavailableException when the store cannot be reached
     */
    ConsumerPositions load(ConsumerGroup group, StreamName stream);
}
