package io.sluice.bootstrap.kafka;

import static org.assertj.core.api.Assertions.assertThat;

import io.dropwizard.testing.ConfigOverride;
import io.dropwizard.testing.junit5.DropwizardAppExtension;
import io.sluice.adapters.postgres.PostgresFixture;
import io.sluice.bootstrap.SluiceConfiguration;
import io.sluice.bootstrap.testkit.InJvmServer;
import io.sluice.bootstrap.testkit.KafkaCluster;
import io.sluice.bootstrap.testkit.KafkaModeConfig;
import io.sluice.bootstrap.testkit.KafkaPositions;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.jdbi.v3.core.Jdbi;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * Issue 17 on the Kafka path: records a foreign producer writes straight into the topic never
 * passed ingress, so the consumer applies the event type's schema: one that breaks a
 * {@code block} schema becomes a dead letter with reason {@code schema} and the version, the valid
 * one is stored with the version it was validated against. On {@code config-kafka.yml} and a real
 * KRaft broker.
 */
class ForeignRecordSchemaTest {

    private static final String ADMIN_KEY = "sluice-kafka-test-admin-key";
    private static final PostgresFixture.TestDatabase DB = PostgresFixture.newDatabase();

    @RegisterExtension
    @Order(1)
    static final KafkaCluster KAFKA = new KafkaCluster(1);

    @RegisterExtension
    @Order(2)
    static final DropwizardAppExtension<SluiceConfiguration> APP = InJvmServer.extension(KafkaModeConfig.path(), overrides());

    private static ConfigOverride[] overrides() {
        List<ConfigOverride> all = new ArrayList<>(Arrays.asList(KafkaModeConfig.overrides(KAFKA::bootstrapServers, DB, 1, 1)));
        all.add(ConfigOverride.config("auth.adminKeys[0].sha256", sha256(ADMIN_KEY)));
        return all.toArray(ConfigOverride[]::new);
    }

    @Test
    void a_foreign_record_that_breaks_a_blocking_schema_becomes_a_schema_dead_letter() throws Exception {
        HttpResponse<String> put = HttpClient.newHttpClient().send(HttpRequest.newBuilder(
                        URI.create("http://localhost:" + APP.getLocalPort() + "/v1/schemas/purchase"))
                .header("Authorization", "Bearer " + ADMIN_KEY).header("Content-Type", "application/json")
                .PUT(HttpRequest.BodyPublishers.ofString("""
                        {"schema": {"type": "object", "required": ["amount", "currency"],
                                    "properties": {"amount": {"type": "number", "minimum": 0},
                                                   "currency": {"type": "string", "pattern": "^[A-Z]{3}$"}}},
                         "compatibility": "backward", "enforcement": "block"}""")).build(), HttpResponse.BodyHandlers.ofString());
        assertThat(put.statusCode()).as(put.body()).isEqualTo(201);

        // Seed 003's producer shape: event_data, no envelope version.
        String valid = "{\"event_id\":\"foreign-ok\",\"user_id\":\"f1\",\"event_type\":\"purchase\","
                + "\"event_data\":{\"amount\":42.0,\"currency\":\"USD\"}}";
        String violating = "{\"event_id\":\"foreign-bad\",\"user_id\":\"f2\",\"event_type\":\"purchase\","
                + "\"event_data\":{\"amount\":\"12,00\",\"currency\":\"usd\"}}";
        try (KafkaProducer<String, byte[]> producer = new KafkaProducer<>(Map.of(
                ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, KAFKA.bootstrapServers(), ProducerConfig.ACKS_CONFIG, "all"),
                new StringSerializer(), new ByteArraySerializer())) {
            producer.send(new ProducerRecord<>(KafkaPositions.TOPIC, "f1", valid.getBytes(StandardCharsets.UTF_8))).get(30, TimeUnit.SECONDS);
            producer.send(new ProducerRecord<>(KafkaPositions.TOPIC, "f2", violating.getBytes(StandardCharsets.UTF_8)))
                    .get(30, TimeUnit.SECONDS);
        }
        KafkaPositions.awaitDrained(DB.jdbi(), KAFKA.bootstrapServers(), Duration.ofSeconds(60));

        Jdbi jdbi = DB.jdbi();
        List<String> stored = jdbi.withHandle(h -> h.createQuery(
                "SELECT event_id || ':' || schema_version FROM raw_events WHERE event_id LIKE 'foreign-%'").mapTo(String.class).list());
        assertThat(stored).containsExactly("foreign-ok:1");
        List<Map<String, Object>> letters = jdbi.withHandle(h -> h.createQuery(
                "SELECT reason, detail, event_id, origin, payload FROM dead_letters").mapToMap().list());
        assertThat(letters).hasSize(1);
        Map<String, Object> letter = letters.get(0);
        assertThat(letter.get("reason")).isEqualTo("schema");
        assertThat(letter.get("event_id")).isEqualTo("foreign-bad");
        assertThat((String) letter.get("origin")).matches("user-events/[0-5]@\\d+");
        assertThat((String) letter.get("detail")).startsWith("schema purchase version 1: ")
                .contains("/amount type (expected \"number\")").contains("/currency pattern (expected \"^[A-Z]{3}$\")");
        assertThat(new String((byte[]) letter.get("payload"), StandardCharsets.UTF_8)).isEqualTo(violating);
    }

    private static String sha256(String key) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(key.getBytes(StandardCharsets.UTF_8)));
        } catch (java.security.NoSuchAlgorithmException impossible) {
            throw new IllegalStateException(impossible);
        }
    }
}
