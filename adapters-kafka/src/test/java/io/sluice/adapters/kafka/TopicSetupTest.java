package io.sluice.adapters.kafka;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.Config;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.admin.TopicDescription;
import org.apache.kafka.common.config.ConfigResource;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

/** Topics are created as configured, and an existing topic that differs is reported, not altered. */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class TopicSetupTest {

    private KafkaBrokers brokers;
    private Admin admin;

    @BeforeAll
    void startBroker() {
        brokers = KafkaBrokers.start(1);
        admin = Admin.create(Map.of("bootstrap.servers", brokers.bootstrapServers()));
    }

    @AfterAll
    void stopBroker() {
        if (admin != null) {
            admin.close();
        }
        if (brokers != null) {
            brokers.close();
        }
    }

    private KafkaSettings settings(String name) {
        return KafkaSettings.builder(brokers.bootstrapServers())
                .topic(name).deadLetterTopic(name + ".dlq")
                .partitions(4).replicationFactor((short) 1).minInsyncReplicas(1).retention(Duration.ofHours(2))
                .maxBlock(Duration.ofSeconds(1)).deliveryTimeout(Duration.ofSeconds(3)).requestTimeout(Duration.ofSeconds(2))
                .startupTimeout(Duration.ofSeconds(10)).build();
    }

    @Test
    void creates_missing_topics_with_the_configured_layout_and_reports_no_difference() throws Exception {
        String name = "created-" + UUID.randomUUID();
        assertThat(TopicSetup.ensureTopics(settings(name))).isEmpty();

        for (String topic : List.of(name, name + ".dlq")) {
            TopicDescription description = describe(topic);
            assertThat(description.partitions()).hasSize(4);
            assertThat(description.partitions().get(0).replicas()).hasSize(1);
            Config config = config(topic);
            assertThat(config.get("retention.ms").value()).isEqualTo(Long.toString(Duration.ofHours(2).toMillis()));
            assertThat(config.get("min.insync.replicas").value()).isEqualTo("1");
        }
        assertThat(TopicSetup.ensureTopics(settings(name))).as("a second start finds them as configured").isEmpty();
    }

    @Test
    void an_existing_topic_that_differs_is_reported_and_left_as_it_is() throws Exception {
        String name = "existing-" + UUID.randomUUID();
        admin.createTopics(List.of(new NewTopic(name, 2, (short) 1))).all().get(30, TimeUnit.SECONDS);

        List<String> differences = TopicSetup.ensureTopics(settings(name));

        assertThat(differences).anySatisfy(d -> assertThat(d).contains(name).contains("has 2 partitions").contains("asks for 4"));
        assertThat(differences).anySatisfy(d -> assertThat(d).contains(name).contains("retention.ms=604800000")
                .contains("asks for 7200000"));
        assertThat(differences).noneSatisfy(d -> assertThat(d).contains(name + ".dlq"));
        assertThat(describe(name).partitions()).as("not altered").hasSize(2);
    }

    @Test
    void a_replication_factor_above_the_broker_count_fails_clearly_before_anything_is_created() throws Exception {
        String name = "overreplicated-" + UUID.randomUUID();
        KafkaSettings settings = settings(name).toBuilder()
                .partitions(3).replicationFactor((short) 3).minInsyncReplicas(2).retention(Duration.ofDays(1)).build();
        assertThatThrownBy(() -> TopicSetup.ensureTopics(settings))
                .isInstanceOf(ClusterTooSmallException.class)
                .hasMessageContaining("has 1 broker(s), fewer than the replication factor 3")
                .hasMessageContaining("min.insync.replicas 2")
                .satisfies(failed -> assertThat(((ClusterTooSmallException) failed).brokers()).isEqualTo(1));
        assertThat(admin.listTopics().names().get(30, TimeUnit.SECONDS)).doesNotContain(name, name + ".dlq");
    }

    @Test
    void a_local_cluster_gets_topics_fitted_to_its_brokers_when_the_settings_allow_it() throws Exception {
        String name = "fitted-" + UUID.randomUUID();
        KafkaSettings settings = settings(name).toBuilder()
                .partitions(3).replicationFactor((short) 3).minInsyncReplicas(2).retention(Duration.ofDays(1))
                .replicationFitsCluster(true).build();
        assertThat(TopicSetup.ensureTopics(settings)).as("no difference from the fitted layout").isEmpty();
        for (String topic : List.of(name, name + ".dlq")) {
            assertThat(describe(topic).partitions()).hasSize(3).allSatisfy(p -> assertThat(p.replicas()).hasSize(1));
            assertThat(config(topic).get("min.insync.replicas").value()).isEqualTo("1");
        }
        // A second start on the same cluster finds them as they should be: nothing to report.
        assertThat(TopicSetup.ensureTopics(settings)).isEmpty();
    }

    private TopicDescription describe(String topic) throws Exception {
        return admin.describeTopics(List.of(topic)).allTopicNames().get(30, TimeUnit.SECONDS).get(topic);
    }

    private Config config(String topic) throws Exception {
        ConfigResource resource = new ConfigResource(ConfigResource.Type.TOPIC, topic);
        return admin.describeConfigs(List.of(resource)).all().get(30, TimeUnit.SECONDS).get(resource);
    }
}
