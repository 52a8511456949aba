package io.sluice.adapters.kafka;

import java.time.Duration;
import java.util.Map;
import java.util.Objects;
import java.util.Set;

/**
 * Everything the Kafka buffer needs to know, already converted from configuration. Immutable and
 * thread-safe.
 *
 * <p>The bound on an append: a request thread is blocked at most {@link #appendBound()}
 * ({@code maxBlock + deliveryTimeout}), and in practice about {@code max(maxBlock, deliveryTimeout)},
 * before the buffer refuses with {@code BufferUnavailableException}.
 *
 * @param bootstrapServers  {@code host:port[,host:port…]}
 * @param topic             the events topic (seed 003's {@code user-events})
 * @param deadLetterTopic   where unreadable records are copied for Kafka tools (the store keeps the dead letters)
 * @param partitions        partitions of a topic Sluice creates
 * @param replicationFactor replicas of a topic Sluice creates
 * @param minInsyncReplicas {@code min.insync.replicas} of a topic Sluice creates; with {@code acks=all} an
 *                          append is acknowledged only when that many replicas have it
 * @param retention         {@code retention.ms} of a topic Sluice creates
 * @param groupId           the consumer group; must equal the {@code ConsumerGroup} positions are stored under
 * @param clientId          prefix of the clients' {@code client.id} (broker logs, quotas)
 * @param maxBlock          {@code max.block.ms}: how long a send may wait for metadata or buffer memory
 * @param deliveryTimeout   {@code delivery.timeout.ms}: how long an append waits for the acknowledgements
 * @param requestTimeout    {@code request.timeout.ms}: one request to a broker
 * @param batchSizeBytes    {@code batch.size}
 * @param linger            {@code linger.ms}
 * @param compression       {@code compression.type}: {@code lz4}, {@code zstd}, {@code snappy}, {@code gzip} or {@code none}
 * @param retryAfter        what a refused client is told to wait
 * @param startupTimeout    how long start-up waits for the cluster before giving up
 * @param sessionTimeout    {@code session.timeout.ms} of the consumers: how long the group waits for a member that
 *                          stopped heartbeating (a killed or frozen instance) before another member takes over its
 *                          partitions; heartbeats go every third of it
 * @param clientProperties  passed verbatim to producer, consumer and admin (TLS, SASL/SCRAM); they cannot
 *                          weaken {@code acks}, idempotence, auto-commit or the isolation level
 * @param replicationFitsCluster what creating a topic does on a cluster with fewer brokers than
 *                          {@code replicationFactor}: true creates it with one replica per broker (and
 *                          {@code min.insync.replicas} lowered to match) with a warning, for local and
 *                          development clusters; false refuses to start ({@link ClusterTooSmallException})
 */
public record KafkaSettings(
        String bootstrapServers,
        String topic,
        String deadLetterTopic,
        int partitions,
        short replicationFactor,
        int minInsyncReplicas,
        Duration retention,
        String groupId,
        String clientId,
        Duration maxBlock,
        Duration deliveryTimeout,
        Duration requestTimeout,
        int batchSizeBytes,
        Duration linger,
        String compression,
        Duration retryAfter,
        Duration startupTimeout,
        Duration sessionTimeout,
        Map<String, String> clientProperties,
        boolean replicationFitsCluster) {

    public static final String DEFAULT_TOPIC = "user-events";
    public static final String DEFAULT_GROUP = "sluice";

    /** Properties the adapter's guarantees rest on; configuration may not override them. */
    static final Set<String> FIXED_PROPERTIES = Set.of("acks", "enable.idempotence", "enable.auto.commit",
            "isolation.level", "key.serializer", "value.serializer", "key.deserializer", "value.deserializer",
            "bootstrap.servers", "group.id");

    public KafkaSettings {
        requireText(bootstrapServers, "bootstrapServers");
        requireText(topic, "topic");
        requireText(deadLetterTopic, "deadLetterTopic");
        requireText(groupId, "groupId");
        requireText(clientId, "clientId");
        requireText(compression, "compression");
        if (topic.equals(deadLetterTopic)) {
            throw new IllegalArgumentException("the dead-letter topic must differ from the events topic");
        }
        if (partitions < 1) {
            throw new IllegalArgumentException("partitions must be at least 1");
        }
        if (replicationFactor < 1 || minInsyncReplicas < 1 || minInsyncReplicas > replicationFactor) {
            throw new IllegalArgumentException("need 1 <= minInsyncReplicas (" + minInsyncReplicas
                    + ") <= replicationFactor (" + replicationFactor + ")");
        }
        requirePositive(retention, "retention");
        requirePositive(maxBlock, "maxBlock");
        requirePositive(deliveryTimeout, "deliveryTimeout");
        requirePositive(requestTimeout, "requestTimeout");
        requirePositive(retryAfter, "retryAfter");
        requirePositive(startupTimeout, "startupTimeout");
        requirePositive(sessionTimeout, "sessionTimeout");
        Objects.requireNonNull(linger, "linger");
        if (batchSizeBytes < 1) {
            throw new IllegalArgumentException("batchSizeBytes must be positive");
        }
        // The producer refuses this combination at construction; saying it here names our setting.
        if (deliveryTimeout.compareTo(linger.plus(requestTimeout)) < 0) {
            throw new IllegalArgumentException("deliveryTimeout (" + deliveryTimeout + ") must be at least linger + requestTimeout ("
                    + linger.plus(requestTimeout) + ")");
        }
        clientProperties = Map.copyOf(clientProperties);
        for (String key : clientProperties.keySet()) {
            if (FIXED_PROPERTIES.contains(key)) {
                throw new IllegalArgumentException("client property " + key + " is set by Sluice and cannot be passed through");
            }
        }
    }

    /**
     * Production defaults: topic {@value #DEFAULT_TOPIC}, group {@value #DEFAULT_GROUP}, 12 partitions,
     * replication 3 with {@code min.insync.replicas=2}, 7 days' retention, lz4, 256 KiB batches lingering
     * 10 ms, an append bounded by 2 s + 5 s, a killed member's partitions taken over after 10 s.
     */
    public static KafkaSettings defaults(String bootstrapServers) {
        return builder(bootstrapServers).build();
    }

    /** Settings named one by one, starting from the {@linkplain #defaults production defaults}. */
    public static KafkaSettingsBuilder builder(String bootstrapServers) {
        return new KafkaSettingsBuilder(bootstrapServers);
    }

    /** A builder holding these settings, to change some of them. */
    public KafkaSettingsBuilder toBuilder() {
        return new KafkaSettingsBuilder(this);
    }

    /** The longest a request thread waits in {@code append} before the buffer refuses. */
    public Duration appendBound() {
        return maxBlock.plus(deliveryTimeout);
    }

    private static void requireText(String value, String name) {
        if (value == null || value.isBlank()) {
            throw new IllegalArgumentException(name + " is required");
        }
    }

    private static void requirePositive(Duration value, String name) {
        if (value == null || value.isNegative() || value.isZero()) {
            throw new IllegalArgumentException(name + " must be a positive duration");
        }
    }
}
