package io.sluice.bootstrap.kafka;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.dropwizard.testing.junit5.DropwizardAppExtension;
import io.sluice.adapters.postgres.PostgresFixture;
import io.sluice.bootstrap.SluiceConfiguration;
import io.sluice.bootstrap.testkit.InJvmServer;
import io.sluice.bootstrap.testkit.KafkaCluster;
import io.sluice.bootstrap.testkit.KafkaModeConfig;
import io.sluice.bootstrap.testkit.KafkaPositions;
import io.sluice.bootstrap.testkit.LoadClient;
import io.sluice.bootstrap.testkit.Reconciliation;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.clients.producer.RecordMetadata;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.jdbi.v3.core.Jdbi;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * Issue 3's end-to-end proofs in one JVM, on one real broker and the production configuration
 * ({@code config-kafka.yml}, 6 partitions): HTTP → Kafka → PostgreSQL with exact counts and
 * aggregates; and a foreign producer writing seed 003's shape straight into the topic, with
 * malformed records that become dead letters without blocking their partitions.
 */
class KafkaEndToEndTest {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final PostgresFixture.TestDatabase DB = PostgresFixture.newDatabase();

    @RegisterExtension
    @Order(1)
    static final KafkaCluster KAFKA = new KafkaCluster(1);

    @RegisterExtension
    @Order(2)
    static final DropwizardAppExtension<SluiceConfiguration> APP = InJvmServer.extension(KafkaModeConfig.path(),
            KafkaModeConfig.overrides(KAFKA::bootstrapServers, DB, 1, 1));

    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

    @Test
    void twenty_thousand_events_over_http_are_stored_exactly_once_and_counted_once() throws Exception {
        LoadClient load = KafkaModeConfig.load("http", uri("/v1/events")).threads(4).requestsPerThread(100).eventsPerRequest(50).start();
        load.awaitFinished(Duration.ofSeconds(180));

        assertThat(load.statuses()).as("every request acknowledged").isEqualTo(Map.of(202, 400L));
        assertThat(load.itemsNotAccepted()).isZero();
        assertThat(load.acknowledged()).hasSize(20_000).isEqualTo(load.sent());

        Map<Integer, Long> ends = KafkaPositions.awaitDrained(DB.jdbi(), KAFKA.bootstrapServers(), Duration.ofSeconds(120));
        Reconciliation.of(DB.jdbi(), "http", load.sent(), load.acknowledged()).assertExact();
        long rows = DB.jdbi().withHandle(h -> h.createQuery("SELECT count(*) FROM raw_events WHERE event_id LIKE 'http-%'")
                .mapTo(Long.class).one());
        assertThat(rows).isEqualTo(20_000);
        // The load spread over all six partitions, and the positions stored with the rows reached their ends.
        assertThat(ends).hasSize(6).allSatisfy((partition, end) -> assertThat(end).isPositive());
        assertThat(KafkaPositions.storedPositions(DB.jdbi())).isEqualTo(ends);
        KafkaPositions.assertOffsetsCommittedToKafka(KAFKA.bootstrapServers(), ends);
        assertThat(awaitExportedLag(Duration.ofSeconds(20))).as("sluice_kafka_consumer_lag_records per partition")
                .isEqualTo(Map.of(0, 0.0, 1, 0.0, 2, 0.0, 3, 0.0, 4, 0.0, 5, 0.0));
    }

    @Test
    void a_foreign_producer_in_seed_003_shape_is_processed_and_its_malformed_records_become_dead_letters() throws Exception {
        Instant now = Instant.now().truncatedTo(ChronoUnit.MILLIS);
        String[] types = {"page_view", "click", "purchase", "search", "login"};
        List<ProducerRecord<String, byte[]>> records = new ArrayList<>();
        Set<String> ids = new HashSet<>();
        for (int i = 0; i < 1_000; i++) {
            String type = types[i % types.length];
            String user = "fuser_" + (i % 40);
            Instant at = now.minus(i % 180, ChronoUnit.MINUTES);
            String id = "seed-" + type + "_" + at.toEpochMilli() + "_" + i;
            Map<String, Object> eventData = new LinkedHashMap<>();
            eventData.put("session_id", "session_" + (i % 77));
            eventData.put("page_url", "/page/" + (i % 9));
            if (type.equals("purchase")) {
                eventData.put("amount", i % 2 == 0 ? 150.0 : 20.0);
                eventData.put("currency", "USD");
            }
            Map<String, Object> event = new LinkedHashMap<>();
            event.put("event_id", id);
            event.put("user_id", user);
            event.put("event_type", type);
            event.put("timestamp", at.toString());
            event.put("event_data", eventData);
            event.put("duration_seconds", (i % 11) * 0.5);
            ids.add(id);
            records.add(new ProducerRecord<>(KafkaPositions.TOPIC, user, JSON.writeValueAsBytes(event)));
        }
        // Ten malformed or invalid records among them, keyed like their neighbours: the valid records behind
        // them in the same partition must still arrive.
        List<byte[]> malformed = List.of(
                "not json at all".getBytes(StandardCharsets.UTF_8),
                "{\"event_id\": \"seed-cut\", \"user_id\": ".getBytes(StandardCharsets.UTF_8),
                "[1, 2, 3]".getBytes(StandardCharsets.UTF_8),
                new byte[0],
                "{\"event_type\": \"click\", \"user_id\": \"u\"} trailing".getBytes(StandardCharsets.UTF_8),
                new byte[] {(byte) 0xC3, (byte) 0x28, (byte) 0xFF},
                "{\"hello\": \"world\"}".getBytes(StandardCharsets.UTF_8));
        List<byte[]> invalid = List.of(
                "{\"event_id\": \"seed-bad-1\", \"event_type\": \"click\"}".getBytes(StandardCharsets.UTF_8),
                "{\"event_id\": \"seed-bad-2\", \"user_id\": \"u\", \"event_type\": \"purchase\", \"duration_seconds\": -5}"
                        .getBytes(StandardCharsets.UTF_8),
                "{\"event_id\": \"seed-bad-3\", \"user_id\": \"u\", \"event_type\": \"click\", \"timestamp\": \"yesterday\"}"
                        .getBytes(StandardCharsets.UTF_8));
        List<byte[]> bad = new ArrayList<>(malformed);
        bad.addAll(invalid);
        for (int b = 0; b < bad.size(); b++) {
            int at = 50 + b * 90;
            records.add(at, new ProducerRecord<>(KafkaPositions.TOPIC, records.get(at).key(), bad.get(b)));
        }

        try (KafkaProducer<String, byte[]> producer = new KafkaProducer<>(Map.of(
                ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, KAFKA.bootstrapServers(), ProducerConfig.ACKS_CONFIG, "all"),
                new StringSerializer(), new ByteArraySerializer())) {
            List<java.util.concurrent.Future<RecordMetadata>> acks = new ArrayList<>();
            for (ProducerRecord<String, byte[]> record : records) {
                acks.add(producer.send(record));
            }
            for (java.util.concurrent.Future<RecordMetadata> ack : acks) {
                ack.get(30, TimeUnit.SECONDS);
            }
        }

        KafkaPositions.awaitDrained(DB.jdbi(), KAFKA.bootstrapServers(), Duration.ofSeconds(90));
        Jdbi jdbi = DB.jdbi();
        List<String> stored = jdbi.withHandle(h -> h.createQuery("SELECT event_id FROM raw_events WHERE event_id LIKE 'seed-%'")
                .mapTo(String.class).list());
        assertThat(stored).hasSize(1_000);
        assertThat(new HashSet<>(stored)).isEqualTo(ids);
        List<Map<String, Object>> letters = jdbi.withHandle(h -> h.createQuery(
                "SELECT reason, detail, origin, source, payload FROM dead_letters WHERE origin LIKE 'user-events/%'").mapToMap().list());
        Map<String, Long> byReason = new TreeMap<>();
        List<String> payloads = new ArrayList<>();
        for (Map<String, Object> letter : letters) {
            byReason.merge((String) letter.get("reason"), 1L, Long::sum);
            payloads.add(HexFormat.of().formatHex((byte[]) letter.get("payload")));
            assertThat((String) letter.get("origin")).matches("user-events/[0-5]@\\d+");
        }
        assertThat(byReason).isEqualTo(Map.of("malformed", 7L, "invalid", 3L));
        List<String> expectedPayloads = new ArrayList<>(bad.stream().map(HexFormat.of()::formatHex).toList());
        assertThat(payloads).containsExactlyInAnyOrderElementsOf(expectedPayloads);
        // Seed 003's enrichment: purchases over 100 are flagged high value.
        Map<String, Long> flags = new TreeMap<>();
        jdbi.useHandle(h -> h.createQuery("SELECT coalesce(event_data->>'is_high_value', 'absent') AS flag, count(*) AS n "
                        + "FROM raw_events WHERE event_id LIKE 'seed-purchase%' GROUP BY 1")
                .map((rs, ctx) -> Map.entry(rs.getString(1), rs.getLong(2))).forEach(e -> flags.put(e.getKey(), e.getValue())));
        assertThat(flags).isEqualTo(Map.of("true", 100L, "false", 100L));
        Reconciliation.assertAggregatesMatchRawEvents(jdbi);
    }

    /** The per-partition lag gauge on the admin port, once every partition reads 0 (or what it last read). */
    private Map<Integer, Double> awaitExportedLag(Duration timeout) throws Exception {
        Pattern line = Pattern.compile("^sluice_kafka_consumer_lag_records\\{partition=\"(\\d+)\"} (\\S+)$", Pattern.MULTILINE);
        long deadline = System.nanoTime() + timeout.toNanos();
        Map<Integer, Double> lag = new TreeMap<>();
        while (System.nanoTime() < deadline) {
            HttpResponse<String> response = http.send(HttpRequest.newBuilder(
                    URI.create("http://127.0.0.1:" + APP.getAdminPort() + "/prometheus")).GET().build(), HttpResponse.BodyHandlers.ofString());
            lag = new TreeMap<>();
            Matcher matcher = line.matcher(response.body());
            while (matcher.find()) {
                lag.put(Integer.parseInt(matcher.group(1)), Double.parseDouble(matcher.group(2)));
            }
            if (lag.size() == 6 && lag.values().stream().allMatch(v -> v == 0.0)) {
                return lag;
            }
            Thread.sleep(250);
        }
        return lag;
    }

    private static URI uri(String path) {
        return URI.create("http://127.0.0.1:" + APP.getLocalPort() + path);
    }
}
