package io.sluice.adapters.kafka;

/**
 * The cluster has fewer brokers than the replication factor a topic is to be created with, and the
 * settings say not to fit the topic to the cluster: start-up stops rather than create a topic that
 * cannot survive the loss of a broker, or fail later in Kafka's words.
 */
public final class ClusterTooSmallException extends IllegalStateException {

    private static final long serialVersionUID = 1L;

    private final int brokers;

    ClusterTooSmallException(String message, int brokers) {
        super(message);
        this.brokers = brokers;
    }

    /** How many brokers the cluster has registered. */
    public int brokers() {
        return brokers;
    }
}
