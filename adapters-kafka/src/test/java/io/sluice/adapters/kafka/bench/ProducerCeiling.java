package io.sluice.adapters.kafka.bench;

import io.sluice.adapters.kafka.KafkaBrokers;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.atomic.LongAdder;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringSerializer;

/**
 * The raw Kafka producer ceiling for {@code bench/run}: one broker (KRaft, started in this JVM by
 * Kafka's test kit, so broker and producer share the two cores as they would beside Sluice), one
 * idempotent {@code acks=all} lz4 producer sending the same ~300-byte event with user-id keys to a
 * 6-partition topic as fast as it can. Counts acknowledged records per second. Not a test; run
 * from the test classpath: {@code java -cp … io.sluice.adapters.kafka.bench.ProducerCeiling [seconds]}.
 */
public final class ProducerCeiling {

    private ProducerCeiling() {
    }

    public static void main(String[] args) throws Exception {
        int seconds = args.length > 0 ? Integer.parseInt(args[0]) : 5;
        byte[] value = ("{\"event_id\":\"01a2000d-9f58-7bcd-a901-bd4e618f0f14\",\"user_id\":\"user_4711\","
                + "\"event_type\":\"page_view\",\"session_id\":\"session_4711_12\",\"duration_seconds\":12.5,"
                + "\"event_data\":{\"page_url\":\"/pricing\",\"referrer\":\"google.com\",\"user_agent\":\"Mozilla/5.0 (X11; Linux)\"},"
                + "\"timestamp\":\"2025-11-21T10:15:30.123Z\"}").getBytes(StandardCharsets.UTF_8);
        double[] rates = new double[seconds];
        try (KafkaBrokers brokers = KafkaBrokers.start(1)) {
            try (Admin admin = Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, brokers.bootstrapServers()))) {
                admin.createTopics(List.of(new NewTopic("ceiling", 6, (short) 1))).all().get();
            }
            Properties props = new Properties();
            props.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, brokers.bootstrapServers());
            props.put(ProducerConfig.ACKS_CONFIG, "all");
            props.put(ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, "true");
            props.put(ProducerConfig.COMPRESSION_TYPE_CONFIG, "lz4");
            props.put(ProducerConfig.LINGER_MS_CONFIG, "5");
            props.put(ProducerConfig.BATCH_SIZE_CONFIG, Integer.toString(256 * 1024));
            LongAdder acked = new LongAdder();
            try (KafkaProducer<String, byte[]> producer = new KafkaProducer<>(props, new StringSerializer(), new ByteArraySerializer())) {
                long sent = 0;
                for (int second = -2; second < seconds; second++) {
                    long ackedBefore = acked.sum();
                    long started = System.nanoTime();
                    long end = started + 1_000_000_000L;
                    long now;
                    do {
                        for (int i = 0; i < 1000; i++, sent++) {
                            producer.send(new ProducerRecord<>("ceiling", "user_" + (sent % 1000), value), (metadata, failure) -> {
                                if (failure == null) {
                                    acked.increment();
                                }
                            });
                        }
                        now = System.nanoTime();
                    } while (now < end);
                    if (second >= 0) {
                        rates[second] = (acked.sum() - ackedBefore) / ((now - started) / 1e9);
                    }
                }
                producer.flush();
            }
        }
        double[] sorted = rates.clone();
        Arrays.sort(sorted);
        System.out.printf(Locale.ROOT, "CEILING kafka_produce median=%.0f min=%.0f max=%.0f unit=records/s samples=%d bytes=%d%n",
                sorted[sorted.length / 2], sorted[0], sorted[sorted.length - 1], sorted.length, value.length);
        // The test kit leaves non-daemon threads behind on some versions.
        System.exit(0);
    }
}
