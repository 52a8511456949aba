package io.sluice.adapters.kafka;

import java.util.HashMap;
import java.util.Map;
import org.apache.kafka.clients.CommonClientConfigs;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringSerializer;

/**
 * Builds the three Kafka clients from {@link KafkaSettings}: pass-through properties (TLS, SASL)
 * first, then the settings the adapter's guarantees rest on, so configuration cannot weaken them.
 * Stateless.
 */
final class KafkaClients {

    /** {@code fetch.max.bytes} unless configured otherwise: 4 MiB per fetch, and per consumer batch (the consumer holds two). */
    static final long DEFAULT_POLL_BYTES = 4L * 1024 * 1024;

    private KafkaClients() {
    }

    /**
     * The record bytes one consumer batch hands out at most (a single larger record still whole):
     * {@code fetch.max.bytes} as configured in the client properties, else {@value #DEFAULT_POLL_BYTES}.
     */
    static long maxPollBytes(KafkaSettings settings) {
        String configured = settings.clientProperties().get(ConsumerConfig.FETCH_MAX_BYTES_CONFIG);
        if (configured == null || configured.isBlank()) {
            return DEFAULT_POLL_BYTES;
        }
        try {
            long bytes = Long.parseLong(configured.trim());
            return bytes > 0 ? bytes : DEFAULT_POLL_BYTES;
        } catch (NumberFormatException notANumber) {
            return DEFAULT_POLL_BYTES; // the Kafka client refuses it at construction with its own message
        }
    }

    static KafkaProducer<String, byte[]> producer(KafkaSettings settings) {
        Map<String, Object> props = common(settings, "-producer");
        props.put(ProducerConfig.ACKS_CONFIG, "all");
        props.put(ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, true);
        props.put(ProducerConfig.COMPRESSION_TYPE_CONFIG, settings.compression());
        props.put(ProducerConfig.BATCH_SIZE_CONFIG, settings.batchSizeBytes());
        props.put(ProducerConfig.LINGER_MS_CONFIG, (int) settings.linger().toMillis());
        props.put(ProducerConfig.MAX_BLOCK_MS_CONFIG, settings.maxBlock().toMillis());
        props.put(ProducerConfig.DELIVERY_TIMEOUT_MS_CONFIG, (int) settings.deliveryTimeout().toMillis());
        props.put(ProducerConfig.REQUEST_TIMEOUT_MS_CONFIG, (int) settings.requestTimeout().toMillis());
        return new KafkaProducer<>(props, new StringSerializer(), new ByteArraySerializer());
    }

    static KafkaConsumer<byte[], byte[]> consumer(KafkaSettings settings, String groupId, String clientSuffix) {
        Map<String, Object> props = common(settings, clientSuffix);
        props.put(ConsumerConfig.GROUP_ID_CONFIG, groupId);
        // Positions live in PostgreSQL with the data; Kafka's commits only feed lag tools.
        props.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false);
        props.put(ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed");
        props.putIfAbsent(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest");
        props.putIfAbsent(ConsumerConfig.REQUEST_TIMEOUT_MS_CONFIG, (int) settings.requestTimeout().toMillis());
        // A consumer batch is bounded by bytes, not only by count: the fetch limits bound what the client buffers
        // per broker, and the reader cuts a poll at maxPollBytes. Client properties may lower or raise them.
        // One poll is one store transaction, and Kafka's default of 500 made ten commits where Chronicle mode made one
        // (bench/run 4e, 2026-12-03: sustained 17,500 -> 20,000 events/s, PostgreSQL 34.2 -> 30.1 µs per event). As many
        // records and bytes as a Chronicle batch (chronicle.maxBatchRecords, maxBatchBytes): the consumer holds two.
        props.putIfAbsent(ConsumerConfig.MAX_POLL_RECORDS_CONFIG, 2500);
        props.putIfAbsent(ConsumerConfig.FETCH_MAX_BYTES_CONFIG, (int) DEFAULT_POLL_BYTES);
        props.putIfAbsent(ConsumerConfig.MAX_PARTITION_FETCH_BYTES_CONFIG, 1024 * 1024);
        // Kafka's default (45 s) leaves a killed instance's partitions unread that long before the survivors take them over.
        props.put(ConsumerConfig.SESSION_TIMEOUT_MS_CONFIG, (int) settings.sessionTimeout().toMillis());
        props.put(ConsumerConfig.HEARTBEAT_INTERVAL_MS_CONFIG, (int) Math.max(1, settings.sessionTimeout().toMillis() / 3));
        return new KafkaConsumer<>(props, new ByteArrayDeserializer(), new ByteArrayDeserializer());
    }

    static Admin admin(KafkaSettings settings, String clientSuffix) {
        Map<String, Object> props = common(settings, clientSuffix);
        props.put(AdminClientConfig.REQUEST_TIMEOUT_MS_CONFIG, (int) settings.requestTimeout().toMillis());
        props.put(AdminClientConfig.DEFAULT_API_TIMEOUT_MS_CONFIG, (int) Math.max(settings.requestTimeout().toMillis(),
                settings.startupTimeout().toMillis()));
        return Admin.create(props);
    }

    private static Map<String, Object> common(KafkaSettings settings, String clientSuffix) {
        Map<String, Object> props = new HashMap<>(settings.clientProperties());
        props.put(CommonClientConfigs.BOOTSTRAP_SERVERS_CONFIG, settings.bootstrapServers());
        props.put(CommonClientConfigs.CLIENT_ID_CONFIG, settings.clientId() + clientSuffix);
        return props;
    }
}
