package io.sluice.bootstrap;

import com.fasterxml.jackson.annotation.JsonProperty;
import io.dropwizard.util.DataSize;
import io.dropwizard.util.Duration;
import io.sluice.adapters.kafka.KafkaSettings;
import io.dropwizard.validation.ValidationMethod;
import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.NotEmpty;
import jakarta.validation.constraints.NotNull;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The {@code kafka} section: the production buffer. Unused when {@code buffer} is
 * {@code chronicle}. Topic settings apply to topics Sluice creates; an existing topic that differs
 * is reported at start-up, not altered.
 */
public final class KafkaConfig {

    @JsonProperty
    @NotEmpty
    private String bootstrapServers = "localhost:9092";

    @JsonProperty
    @NotEmpty
    private String topic = KafkaSettings.DEFAULT_TOPIC;

    /** Where copies of records the consumer dead-letters go, for Kafka tools; empty: {@code <topic>.dlq}. */
    @JsonProperty
    private String deadLetterTopic = "";

    @JsonProperty
    @Min(1)
    private int partitions = 12;

    @JsonProperty
    @Min(1)
    @Max(Short.MAX_VALUE)
    private int replicationFactor = 3;

    @JsonProperty
    @Min(1)
    private int minInsyncReplicas = 2;

    /**
     * A cluster with fewer brokers than {@code replicationFactor}: true creates the topics with one
     * replica per broker (warning), for local and development clusters; false (production) refuses to start.
     */
    @JsonProperty
    private boolean replicationFitsCluster;

    @JsonProperty
    @NotNull
    private Duration retention = Duration.days(7);

    @JsonProperty
    @NotEmpty
    private String clientId = "sluice";

    /** With deliveryTimeout, bounds how long a request waits before ingress answers 503. */
    @JsonProperty
    @NotNull
    private Duration maxBlock = Duration.seconds(2);

    @JsonProperty
    @NotNull
    private Duration deliveryTimeout = Duration.seconds(5);

    @JsonProperty
    @NotNull
    private Duration requestTimeout = Duration.seconds(3);

    @JsonProperty
    @NotNull
    private DataSize batchSize = DataSize.kibibytes(256);

    @JsonProperty
    @NotNull
    private Duration linger = Duration.milliseconds(10);

    @JsonProperty
    @NotEmpty
    private String compression = "lz4";

    @JsonProperty
    @NotNull
    private Duration startupTimeout = Duration.seconds(30);

    /**
     * How long the consumer group waits for an instance that stopped heartbeating (killed, frozen, cut off)
     * before the others take over its partitions. Shorter means faster takeover, but a pause longer than
     * this (a long GC, a slow network) then costs a rebalance. The brokers' group.min.session.timeout.ms
     * (6 s by default) is the floor.
     */
    @JsonProperty
    @NotNull
    private Duration sessionTimeout = Duration.seconds(10);

    /** Extra client properties passed through verbatim (TLS, SASL/SCRAM); see README "Production mode". */
    @JsonProperty
    private Map<String, String> clientProperties = new LinkedHashMap<>();

    /** {@code check} refuses what the Kafka buffer would refuse at start-up. */
    @ValidationMethod(message = "minInsyncReplicas must be between 1 and replicationFactor")
    boolean isMinInsyncWithinReplication() {
        return minInsyncReplicas >= 1 && minInsyncReplicas <= replicationFactor;
    }

    KafkaSettings settings(String groupId) {
        String dlq = deadLetterTopic == null || deadLetterTopic.isBlank() ? topic + ".dlq" : deadLetterTopic;
        return KafkaSettings.builder(bootstrapServers)
                .topic(topic)
                .deadLetterTopic(dlq)
                .partitions(partitions)
                .replicationFactor((short) replicationFactor)
                .minInsyncReplicas(minInsyncReplicas)
                .retention(retention.toJavaDuration())
                .groupId(groupId)
                .clientId(clientId)
                .maxBlock(maxBlock.toJavaDuration())
                .deliveryTimeout(deliveryTimeout.toJavaDuration())
                .requestTimeout(requestTimeout.toJavaDuration())
                .batchSizeBytes(Math.toIntExact(batchSize.toBytes()))
                .linger(linger.toJavaDuration())
                .compression(compression)
                .retryAfter(java.time.Duration.ofSeconds(5))
                .startupTimeout(startupTimeout.toJavaDuration())
                .sessionTimeout(sessionTimeout.toJavaDuration())
                .clientProperties(clientProperties)
                .replicationFitsCluster(replicationFitsCluster)
                .build();
    }
}
