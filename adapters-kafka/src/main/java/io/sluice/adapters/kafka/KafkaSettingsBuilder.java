package io.sluice.adapters.kafka;

import java.time.Duration;
import java.util.Map;

/**
 * {@link KafkaSettings} with each setting named instead of passing twenty in a row; {@link #build()} checks them together.
 * Not thread-safe.
 */
public final class KafkaSettingsBuilder {
    private String bootstrapServers;
    private String topic = KafkaSettings.DEFAULT_TOPIC;
    private String deadLetterTopic = KafkaSettings.DEFAULT_TOPIC + ".dlq";
    private int partitions = 12;
    private short replicationFactor = 3;
    private int minInsyncReplicas = 2;
    private Duration retention = Duration.ofDays(7);
    private String groupId = KafkaSettings.DEFAULT_GROUP;
    private String clientId = "sluice";
    private Duration maxBlock = Duration.ofSeconds(2);
    private Duration deliveryTimeout = Duration.ofSeconds(5);
    private Duration requestTimeout = Duration.ofSeconds(3);
    private int batchSizeBytes = 256 * 1024;
    private Duration linger = Duration.ofMillis(10);
    private String compression = "lz4";
    private Duration retryAfter = Duration.ofSeconds(5);
    private Duration startupTimeout = Duration.ofSeconds(30);
    private Duration sessionTimeout = Duration.ofSeconds(10);
    private Map<String, String> clientProperties = Map.of();
    private boolean replicationFitsCluster;

    KafkaSettingsBuilder(String bootstrapServers) {
        this.bootstrapServers = bootstrapServers;
    }

    KafkaSettingsBuilder(KafkaSettings from) {
        bootstrapServers = from.bootstrapServers();
        topic = from.topic();
        deadLetterTopic = from.deadLetterTopic();
        partitions = from.partitions();
        replicationFactor = from.replicationFactor();
        minInsyncReplicas = from.minInsyncReplicas();
        retention = from.retention();
        groupId = from.groupId();
        clientId = from.clientId();
        maxBlock = from.maxBlock();
        deliveryTimeout = from.deliveryTimeout();
        requestTimeout = from.requestTimeout();
        batchSizeBytes = from.batchSizeBytes();
        linger = from.linger();
        compression = from.compression();
        retryAfter = from.retryAfter();
        startupTimeout = from.startupTimeout();
        sessionTimeout = from.sessionTimeout();
        clientProperties = from.clientProperties();
        replicationFitsCluster = from.replicationFitsCluster();
    }

    public KafkaSettingsBuilder topic(String value) {
        topic = value;
        return this;
    }

    public KafkaSettingsBuilder deadLetterTopic(String value) {
        deadLetterTopic = value;
        return this;
    }

    public KafkaSettingsBuilder partitions(int value) {
        partitions = value;
        return this;
    }

    public KafkaSettingsBuilder replicationFactor(short value) {
        replicationFactor = value;
        return this;
    }

    public KafkaSettingsBuilder minInsyncReplicas(int value) {
        minInsyncReplicas = value;
        return this;
    }

    public KafkaSettingsBuilder retention(Duration value) {
        retention = value;
        return this;
    }

    public KafkaSettingsBuilder groupId(String value) {
        groupId = value;
        return this;
    }

    public KafkaSettingsBuilder clientId(String value) {
        clientId = value;
        return this;
    }

    public KafkaSettingsBuilder maxBlock(Duration value) {
        maxBlock = value;
        return this;
    }

    public KafkaSettingsBuilder deliveryTimeout(Duration value) {
        deliveryTimeout = value;
        return this;
    }

    public KafkaSettingsBuilder requestTimeout(Duration value) {
        requestTimeout = value;
        return this;
    }

    public KafkaSettingsBuilder batchSizeBytes(int value) {
        batchSizeBytes = value;
        return this;
    }

    public KafkaSettingsBuilder linger(Duration value) {
        linger = value;
        return this;
    }

    public KafkaSettingsBuilder compression(String value) {
        compression = value;
        return this;
    }

    public KafkaSettingsBuilder retryAfter(Duration value) {
        retryAfter = value;
        return this;
    }

    public KafkaSettingsBuilder startupTimeout(Duration value) {
        startupTimeout = value;
        return this;
    }

    public KafkaSettingsBuilder sessionTimeout(Duration value) {
        sessionTimeout = value;
        return this;
    }

    public KafkaSettingsBuilder clientProperties(Map<String, String> value) {
        clientProperties = value;
        return this;
    }

    public KafkaSettingsBuilder replicationFitsCluster(boolean value) {
        replicationFitsCluster = value;
        return this;
    }

    /** @throws IllegalArgumentException when a setting is missing or they contradict each other */
    public KafkaSettings build() {
        return new KafkaSettings(bootstrapServers, topic, deadLetterTopic, partitions, replicationFactor, minInsyncReplicas,
                retention, groupId, clientId, maxBlock, deliveryTimeout, requestTimeout, batchSizeBytes, linger, compression,
                retryAfter, startupTimeout, sessionTimeout, clientProperties, replicationFitsCluster);
    }
}
