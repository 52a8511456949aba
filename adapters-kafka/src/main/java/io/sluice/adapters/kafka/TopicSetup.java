package io.sluice.adapters.kafka;

import io.sluice.application.port.out.BufferUnavailableException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.Config;
import org.apache.kafka.clients.admin.ConfigEntry;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.admin.TopicDescription;
import org.apache.kafka.common.KafkaFuture;
import org.apache.kafka.common.config.ConfigResource;
import org.apache.kafka.common.config.TopicConfig;
import org.apache.kafka.common.errors.TopicExistsException;
import org.apache.kafka.common.errors.UnknownTopicOrPartitionException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Makes sure the events topic and the dead-letter topic exist at start-up: creates the missing ones
 * with the configured partitions, replication factor, {@code min.insync.replicas} and retention, and
 * reports (WARN, and in the returned list) how an existing topic differs from the configuration,
 * without altering it: repartitioning reorders keys and is an operator's decision. Several instances
 * may run it at once. Stateless and thread-safe.
 *
 * <p>On a cluster with fewer brokers than the replication factor, a topic is created with one
 * replica per broker when {@link KafkaSettings#replicationFitsCluster()} (a local or development
 * cluster; WARN), and refused with {@link ClusterTooSmallException} otherwise (production).
 */
public final class TopicSetup {

    private static final Logger LOG = LoggerFactory.getLogger(TopicSetup.class);

    private TopicSetup() {
    }

    /**
     * @return how the existing topics differ from the settings, one sentence each; empty when they match
     * @throws BufferUnavailableException when the cluster does not answer within {@code startupTimeout}
     * @throws IllegalStateException      when the cluster refuses to create a topic (for example a
     *                                    replication factor above the number of brokers)
     */
    public static List<String> ensureTopics(KafkaSettings settings) {
        try (Admin admin = KafkaClients.admin(settings, "-setup")) {
            return ensureTopics(admin, settings);
        }
    }

    static List<String> ensureTopics(Admin admin, KafkaSettings configured) {
        long deadline = System.nanoTime() + configured.startupTimeout().toNanos();
        List<String> names = List.of(configured.topic(), configured.deadLetterTopic());
        Map<String, TopicDescription> existing = describe(admin, names, configured, deadline);
        KafkaSettings settings = fitted(admin, configured, names.stream().anyMatch(name -> !existing.containsKey(name)), deadline);
        List<NewTopic> missing = new ArrayList<>();
        for (String name : names) {
            if (!existing.containsKey(name)) {
                missing.add(new NewTopic(name, settings.partitions(), settings.replicationFactor()).configs(Map.of(
                        TopicConfig.MIN_IN_SYNC_REPLICAS_CONFIG, Integer.toString(settings.minInsyncReplicas()),
                        TopicConfig.RETENTION_MS_CONFIG, Long.toString(settings.retention().toMillis()))));
            }
        }
        List<String> raced = new ArrayList<>();
        List<String> created = new ArrayList<>();
        if (!missing.isEmpty()) {
            Map<String, KafkaFuture<Void>> creations = admin.createTopics(missing).values();
            for (Map.Entry<String, KafkaFuture<Void>> entry : creations.entrySet()) {
                try {
                    await(entry.getValue(), settings, deadline);
                    created.add(entry.getKey());
                    LOG.info("Created Kafka topic {} ({} partitions, replication {}, min.insync.replicas {}, retention {})",
                            entry.getKey(), settings.partitions(), settings.replicationFactor(), settings.minInsyncReplicas(),
                            settings.retention());
                } catch (ExecutionException failed) {
                    if (failed.getCause() instanceof TopicExistsException) {
                        raced.add(entry.getKey());
                    } else {
                        throw new IllegalStateException("Kafka refused to create topic " + entry.getKey() + ": "
                                + failed.getCause().getMessage(), failed.getCause());
                    }
                }
            }
        }
        // The controller has the new topics; the brokers learn them a moment later. Until one knows every leader,
        // the first appends would wait for metadata and could be refused (seen at over 1 s on a busy machine).
        awaitLeaders(admin, created, settings, deadline);
        if (!raced.isEmpty()) {
            // Another instance created it a moment ago, perhaps with other settings: check it like any existing topic.
            existing.putAll(describe(admin, raced, settings, deadline));
        }
        List<String> differences = differences(admin, existing, settings, deadline);
        for (String difference : differences) {
            LOG.warn("{} (Sluice does not alter existing topics; change it with kafka-topics/kafka-configs or adjust the configuration)",
                    difference);
        }
        return differences;
    }

    /**
     * The layout to create and compare topics with: the configured one, or on a cluster with fewer
     * brokers than its replication factor, one replica per broker (when allowed) with
     * {@code min.insync.replicas} at most one less, so one broker of several may still fail.
     */
    private static KafkaSettings fitted(Admin admin, KafkaSettings settings, boolean creating, long deadline) {
        int brokers;
        try {
            brokers = await(admin.describeCluster().nodes(), settings, deadline).size();
        } catch (ExecutionException failed) {
            throw unreachable(settings, failed.getCause());
        }
        if (brokers >= settings.replicationFactor() || brokers == 0) {
            return settings;
        }
        if (!settings.replicationFitsCluster()) {
            if (!creating) {
                // The topics exist: their replication is reported as a difference; nothing to create with too many replicas.
                return settings;
            }
            throw new ClusterTooSmallException("Kafka at " + settings.bootstrapServers() + " has " + brokers + " broker(s), fewer than "
                    + "the replication factor " + settings.replicationFactor() + " (min.insync.replicas " + settings.minInsyncReplicas()
                    + ") topics " + List.of(settings.topic(), settings.deadLetterTopic()) + " are to be created with", brokers);
        }
        short replicas = (short) brokers;
        int minInsync = Math.min(settings.minInsyncReplicas(), Math.max(1, replicas - 1));
        LOG.warn("Kafka at {} has {} broker(s), fewer than the configured replication factor {}: topics are created and checked with "
                        + "replication factor {} and min.insync.replicas {} (a local or development cluster; a broker lost can lose "
                        + "acknowledged events when there is only one)", settings.bootstrapServers(), brokers,
                settings.replicationFactor(), replicas, minInsync);
        return settings.toBuilder().replicationFactor(replicas).minInsyncReplicas(minInsync).build();
    }

    private static void awaitLeaders(Admin admin, List<String> names, KafkaSettings settings, long deadline) {
        if (names.isEmpty()) {
            return;
        }
        while (true) {
            Map<String, TopicDescription> described = describe(admin, names, settings, deadline);
            boolean ready = described.size() == names.size() && described.values().stream()
                    .allMatch(topic -> topic.partitions().stream().allMatch(p -> p.leader() != null && !p.leader().isEmpty()));
            if (ready) {
                return;
            }
            if (System.nanoTime() - deadline >= 0) {
                throw unreachable(settings, new IllegalStateException("topics " + names + " have partitions without a leader"));
            }
            try {
                Thread.sleep(100);
            } catch (InterruptedException interrupted) {
                Thread.currentThread().interrupt();
                throw unreachable(settings, interrupted);
            }
        }
    }

    private static Map<String, TopicDescription> describe(Admin admin, List<String> names, KafkaSettings settings, long deadline) {
        Map<String, TopicDescription> found = new LinkedHashMap<>();
        for (Map.Entry<String, KafkaFuture<TopicDescription>> entry : admin.describeTopics(names).topicNameValues().entrySet()) {
            try {
                found.put(entry.getKey(), await(entry.getValue(), settings, deadline));
            } catch (ExecutionException failed) {
                if (!(failed.getCause() instanceof UnknownTopicOrPartitionException)) {
                    throw unreachable(settings, failed.getCause());
                }
            }
        }
        return found;
    }

    private static List<String> differences(Admin admin, Map<String, TopicDescription> topics, KafkaSettings settings, long deadline) {
        List<String> differences = new ArrayList<>();
        if (topics.isEmpty()) {
            return differences;
        }
        List<ConfigResource> resources = topics.keySet().stream()
                .map(name -> new ConfigResource(ConfigResource.Type.TOPIC, name)).toList();
        Map<ConfigResource, Config> configs;
        try {
            configs = await(admin.describeConfigs(resources).all(), settings, deadline);
        } catch (ExecutionException failed) {
            throw unreachable(settings, failed.getCause());
        }
        for (TopicDescription topic : topics.values()) {
            String name = topic.name();
            int partitions = topic.partitions().size();
            if (partitions != settings.partitions()) {
                differences.add("Kafka topic " + name + " has " + partitions + " partitions, the configuration asks for "
                        + settings.partitions());
            }
            int replicas = topic.partitions().stream().mapToInt(p -> p.replicas().size()).min().orElse(0);
            if (replicas != settings.replicationFactor()) {
                differences.add("Kafka topic " + name + " has replication factor " + replicas + ", the configuration asks for "
                        + settings.replicationFactor());
            }
            Config config = configs.get(new ConfigResource(ConfigResource.Type.TOPIC, name));
            compare(differences, name, config, TopicConfig.MIN_IN_SYNC_REPLICAS_CONFIG, Integer.toString(settings.minInsyncReplicas()));
            compare(differences, name, config, TopicConfig.RETENTION_MS_CONFIG, Long.toString(settings.retention().toMillis()));
        }
        return differences;
    }

    private static void compare(List<String> differences, String topic, Config config, String key, String wanted) {
        ConfigEntry entry = config == null ? null : config.get(key);
        String actual = entry == null ? null : entry.value();
        if (!wanted.equals(actual)) {
            differences.add("Kafka topic " + topic + " has " + key + "=" + actual + ", the configuration asks for " + wanted);
        }
    }

    private static <T> T await(KafkaFuture<T> future, KafkaSettings settings, long deadline) throws ExecutionException {
        try {
            return future.get(Math.max(0, deadline - System.nanoTime()), TimeUnit.NANOSECONDS);
        } catch (TimeoutException timeout) {
            throw unreachable(settings, timeout);
        } catch (InterruptedException interrupted) {
            Thread.currentThread().interrupt();
            throw unreachable(settings, interrupted);
        } catch (ExecutionException failed) {
            if (failed.getCause() instanceof org.apache.kafka.common.errors.TimeoutException) {
                throw unreachable(settings, failed.getCause());
            }
            throw failed;
        }
    }

    private static BufferUnavailableException unreachable(KafkaSettings settings, Throwable cause) {
        return new BufferUnavailableException("Kafka at " + settings.bootstrapServers() + " did not answer within "
                + settings.startupTimeout() + " while checking topics " + Set.of(settings.topic(), settings.deadLetterTopic())
                + " (are the brokers up, and do the TLS/SASL client settings match the listener?): " + cause,
                settings.retryAfter(), cause);
    }
}
