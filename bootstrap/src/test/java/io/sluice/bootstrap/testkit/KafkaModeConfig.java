package io.sluice.bootstrap.testkit;

import io.dropwizard.testing.ConfigOverride;
import io.sluice.adapters.postgres.PostgresFixture;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Duration;
import java.util.HexFormat;
import java.util.Map;
import java.util.function.Supplier;

/**
 * The production configuration, {@code config-kafka.yml} at the repository root, pointed at the
 * test's brokers and database: as {@code ConfigOverride}s for in-JVM tests and as the environment
 * variables its placeholders read for processes started from the jar. Stateless.
 */
public final class KafkaModeConfig {

    /** The write key the load clients send; config-kafka.yml requires one. */
    public static final String WRITE_KEY = "sluice-kafka-test-write-key";

    private KafkaModeConfig() {
    }

    public static String writeKeyDigest() {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(WRITE_KEY.getBytes(StandardCharsets.UTF_8)));
        } catch (NoSuchAlgorithmException impossible) {
            throw new IllegalStateException(impossible);
        }
    }

    public static String path() {
        return SluiceProcess.rootConfig().resolveSibling("config-kafka.yml").toString();
    }

    /**
     * A load client for this configuration: with its write key, events late by up to six hours (so
     * closed buckets get late events too), and requests that may wait out a broker outage.
     */
    public static LoadClient.Builder load(String prefix, URI eventsEndpoint) {
        return LoadClient.sending(prefix).to(eventsEndpoint).writeKey(WRITE_KEY).lateEvents().requestTimeout(Duration.ofSeconds(60));
    }

    public static ConfigOverride[] overrides(Supplier<String> bootstrapServers, PostgresFixture.TestDatabase db, int replication, int minInsync) {
        return InJvmServer.overrides(db, TestDirectories.create("sluice-kafka"),
            ConfigOverride.config("kafka.bootstrapServers", bootstrapServers),
            ConfigOverride.config("kafka.partitions", "6"),
            ConfigOverride.config("kafka.replicationFactor", Integer.toString(replication)),
            ConfigOverride.config("kafka.minInsyncReplicas", Integer.toString(minInsync)),
            ConfigOverride.config("auth.writeKeys[0].sha256", writeKeyDigest()),
            ConfigOverride.config("logging.level", "WARN"),
            ConfigOverride.config("logging.appenders[0].layout.type", "text"),
            ConfigOverride.randomPorts());
    }

    /** The environment a Sluice process needs to run {@code config-kafka.yml} against the test's brokers and database. */
    public static Map<String, String> environment(String bootstrapServers, PostgresFixture.TestDatabase db, int replication, int minInsync,
                                           Path dataDir) {
        return Map.of(
                "SLUICE_WRITE_KEY_SHA256", writeKeyDigest(),
                "SLUICE_KAFKA_BOOTSTRAP", bootstrapServers,
                "SLUICE_KAFKA_PARTITIONS", "6",
                "SLUICE_KAFKA_REPLICATION", Integer.toString(replication),
                "SLUICE_KAFKA_MIN_INSYNC", Integer.toString(minInsync),
                "SLUICE_DATABASE_URL", db.jdbcUrl(),
                "SLUICE_DATABASE_USER", db.user(),
                "SLUICE_DATABASE_PASSWORD", db.password(),
                "SLUICE_DATA_DIR", dataDir.toString(),
                "SLUICE_LOG_FORMAT", "text");
    }
}
