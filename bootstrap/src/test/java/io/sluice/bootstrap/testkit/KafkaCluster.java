package io.sluice.bootstrap.testkit;

import io.sluice.adapters.kafka.KafkaBrokers;
import org.junit.jupiter.api.extension.AfterAllCallback;
import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.ExtensionContext;

/**
 * One real Kafka cluster for a test class, as a JUnit extension: registered with a lower
 * {@code @Order} than the {@code DropwizardAppExtension}, it starts before the application and stops
 * after it, so Sluice never shuts down against brokers that are already gone. Not thread-safe.
 */
public final class KafkaCluster implements BeforeAllCallback, AfterAllCallback {

    private final int brokerCount;
    private KafkaBrokers brokers;

    public KafkaCluster(int brokerCount) {
        this.brokerCount = brokerCount;
    }

    @Override
    public void beforeAll(ExtensionContext context) {
        brokers = KafkaBrokers.start(brokerCount);
    }

    @Override
    public void afterAll(ExtensionContext context) {
        if (brokers != null) {
            brokers.close();
            brokers = null;
        }
    }

    public KafkaBrokers brokers() {
        if (brokers == null) {
            throw new IllegalStateException("the Kafka cluster is not running");
        }
        return brokers;
    }

    /** For a lazy {@code ConfigOverride}: evaluated when the application starts, after the brokers. */
    public String bootstrapServers() {
        return brokers().bootstrapServers();
    }
}
