package io.sluice.loadgen;

import com.fasterxml.jackson.core.JsonProcessingException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.Properties;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringSerializer;

/** Produces events straight into a Kafka topic, one record per event keyed by user. */
final class KafkaSender extends Sender {
    private final KafkaProducer<String, byte[]> producer;

    KafkaSender(LoadPlan plan, LoadStats stats) {
        super(plan, stats);
        Properties props = new Properties();
        props.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, plan.kafkaBootstrap);
        props.put(ProducerConfig.ACKS_CONFIG, "all");
        props.put(ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, "true");
        props.put(ProducerConfig.COMPRESSION_TYPE_CONFIG, "lz4");
        props.put(ProducerConfig.LINGER_MS_CONFIG, "5");
        props.put(ProducerConfig.BATCH_SIZE_CONFIG, Integer.toString(256 * 1024));
        producer = new KafkaProducer<>(props, new StringSerializer(), new ByteArraySerializer());
    }

    @Override
    void send(TrafficModel model, int events, long startNanos) {
        Map<String, Object> event = model.next(Instant.now());
        byte[] value;
        try {
            value = JSON.writeValueAsString(event).getBytes(StandardCharsets.UTF_8);
        } catch (JsonProcessingException impossible) {
            throw new IllegalStateException(impossible);
        }
        producer.send(new ProducerRecord<>(plan.topic, (String) event.get("user_id"), value), (metadata, failure) -> {
            stats.latency(startNanos);
            if (failure == null) {
                stats.sent(startNanos, 1);
            } else {
                stats.error(failure.getClass().getSimpleName());
            }
        });
    }

    @Override
    void close() {
        producer.close(Duration.ofSeconds(30));
    }
}
