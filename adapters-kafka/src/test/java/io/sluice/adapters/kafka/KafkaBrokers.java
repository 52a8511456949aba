package io.sluice.adapters.kafka;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import kafka.server.BrokerServer;
import org.apache.kafka.common.test.KafkaClusterTestKit;
import org.apache.kafka.common.test.TestKitNodes;

/**
 * A real Apache Kafka cluster (KRaft: {@code count} brokers and one separate controller) inside the test JVM,
 * for adapter and end-to-end tests. The only class that touches Kafka's test kit, an internal API
 * without compatibility promise: when Kafka changes it, this class alone changes.
 *
 * <p>Brokers can be stopped and started again on the same port (the controllers keep running), to
 * test outages. Data lives in a temporary directory removed on {@link #close()}. Not thread-safe:
 * drive it from the test thread.
 */
public final class KafkaBrokers implements AutoCloseable {

    private final KafkaClusterTestKit cluster;
    private final List<Integer> brokerIds;
    private final String bootstrapServers;

    private KafkaBrokers(KafkaClusterTestKit cluster) {
        this.cluster = cluster;
        this.brokerIds = new ArrayList<>(cluster.brokers().keySet());
        brokerIds.sort(Integer::compare);
        // Computed once: it needs every broker up, and the ports survive restarts.
        this.bootstrapServers = cluster.bootstrapServers();
    }

    /** Starts {@code count} brokers (1 or 3 make sense) and waits until every broker is ready. */
    public static KafkaBrokers start(int count) {
        return start(count, Map.of());
    }

    /** Starts {@code count} brokers with extra broker properties. */
    public static KafkaBrokers start(int count, Map<String, String> brokerProperties) {
        KafkaClusterTestKit cluster = null;
        try {
            TestKitNodes nodes = new TestKitNodes.Builder()
                    // A separate controller: stopping a combined node's broker also disturbed its raft
                    // voter (fatal "unexpected invalid request error" in the raft IO thread, Kafka 4.3.1).
                    .setCombined(false)
                    .setNumBrokerNodes(count)
                    .setNumControllerNodes(1)
                    .build();
            KafkaClusterTestKit.Builder builder = new KafkaClusterTestKit.Builder(nodes);
            short internalReplication = (short) Math.min(3, count);
            builder.setConfigProp("offsets.topic.replication.factor", Short.toString(internalReplication));
            builder.setConfigProp("offsets.topic.num.partitions", "5");
            builder.setConfigProp("transaction.state.log.replication.factor", Short.toString(internalReplication));
            builder.setConfigProp("transaction.state.log.min.isr", "1");
            builder.setConfigProp("group.initial.rebalance.delay.ms", "0");
            builder.setConfigProp("auto.create.topics.enable", "false");
            // A stop is a failure to survive, not a maintenance step; and a controlled shutdown of the last
            // replicas of a min.insync topic can wait minutes for an approval that never comes.
            builder.setConfigProp("controlled.shutdown.enable", "false");
            brokerProperties.forEach(builder::setConfigProp);
            cluster = builder.build();
            cluster.format();
            cluster.startup();
            cluster.waitForReadyBrokers();
            return new KafkaBrokers(cluster);
        } catch (Exception failed) {
            if (cluster != null) {
                try {
                    cluster.close();
                } catch (Exception closing) {
                    failed.addSuppressed(closing);
                }
            }
            throw new IllegalStateException("could not start a Kafka cluster of " + count, failed);
        }
    }

    /** {@code localhost:port,…} of every broker, stopped ones included (their ports are kept). */
    public String bootstrapServers() {
        return bootstrapServers;
    }

    public int size() {
        return brokerIds.size();
    }

    /** Stops broker {@code index} (0-based), uncontrolled, as a crash would; the controller keeps running. */
    public void stopBroker(int index) {
        broker(index).shutdown();
    }

    /** Starts broker {@code index} again on its former port and data. */
    public void startBroker(int index) {
        broker(index).startup();
    }

    /** Stops every broker: the cluster is unreachable for clients. */
    public void stopAll() {
        for (int i = 0; i < size(); i++) {
            stopBroker(i);
        }
    }

    /** Starts every broker again and waits until they are ready. */
    public void startAll() {
        for (int i = 0; i < size(); i++) {
            startBroker(i);
        }
        try {
            cluster.waitForReadyBrokers();
        } catch (Exception failed) {
            throw new IllegalStateException("brokers did not come back", failed);
        }
    }

    private BrokerServer broker(int index) {
        return cluster.brokers().get(brokerIds.get(index));
    }

    @Override
    public void close() {
        try {
            cluster.close();
        } catch (Exception failed) {
            throw new IllegalStateException("could not stop the Kafka cluster", failed);
        }
    }
}
