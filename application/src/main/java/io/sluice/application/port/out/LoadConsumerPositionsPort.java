package io.sluice.application.port.out;

import java.util.Map;

/** Reads the positions a consumer group committed with its data. Safe for concurrent use. */
public interface LoadConsumerPositionsPort {

    /**
     * @return the next position to read per partition of {@code stream}; partitions never
     *         committed are absent
     * @throws StoreUnavailableException when the store cannot be reached
     */
    Map<Integer, Long> load(ConsumerGroup group, String stream);
}
