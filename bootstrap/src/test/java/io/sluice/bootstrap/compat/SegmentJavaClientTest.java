package io.sluice.bootstrap.compat;

import static org.assertj.core.api.Assertions.assertThat;

import com.segment.analytics.Analytics;
import com.segment.analytics.Callback;
import com.segment.analytics.messages.IdentifyMessage;
import com.segment.analytics.messages.Message;
import com.segment.analytics.messages.PageMessage;
import com.segment.analytics.messages.TrackMessage;
import io.dropwizard.testing.junit5.DropwizardAppExtension;
import io.dropwizard.testing.junit5.DropwizardExtensionsSupport;
import io.sluice.bootstrap.SluiceConfiguration;
import io.sluice.bootstrap.testkit.InJvmServer;
import java.time.Duration;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * Segment's official Java client ({@code com.segment.analytics.java:analytics:3.5.4}), unmodified
 * but for its endpoint, against a running Sluice: track, identify, page and a batch of 1,000
 * tracks land in {@code raw_events} exactly once, attributed to the write key's source.
 */
@ExtendWith(DropwizardExtensionsSupport.class)
class SegmentJavaClientTest {

    private static final InJvmServer SERVER = InJvmServer.onTestDatabase("compat-config.yml");
    static final DropwizardAppExtension<SluiceConfiguration> APP = SERVER.app;

    @Test
    void track_identify_page_and_a_batch_of_1000_arrive_exactly_once() throws Exception {
        Set<String> succeeded = ConcurrentHashMap.newKeySet();
        Set<String> failed = ConcurrentHashMap.newKeySet();
        Analytics analytics = Analytics.builder(CompatKeys.SEGMENT_KEY)
                .endpoint("http://localhost:" + APP.getLocalPort())
                .flushQueueSize(250)
                .flushInterval(1, TimeUnit.SECONDS)
                .callback(new Callback() {
                    @Override
                    public void success(Message message) {
                        succeeded.add(message.messageId());
                    }

                    @Override
                    public void failure(Message message, Throwable throwable) {
                        failed.add(message.messageId() + ": " + throwable);
                    }
                })
                .build();

        analytics.enqueue(TrackMessage.builder("Order Completed").userId("u-1").messageId("seg-track")
                .properties(Map.of("revenue", 42.5)));
        analytics.enqueue(IdentifyMessage.builder().userId("u-1").messageId("seg-identify").traits(Map.of("plan", "pro")));
        analytics.enqueue(PageMessage.builder("Home").anonymousId("anon-7").messageId("seg-page").properties(Map.of("path", "/")));
        for (int i = 0; i < 1000; i++) {
            analytics.enqueue(TrackMessage.builder("Batch Event").userId("user-" + (i % 37)).messageId("seg-batch-" + i)
                    .properties(Map.of("i", i)));
        }
        analytics.flush();

        long deadline = System.nanoTime() + Duration.ofSeconds(60).toNanos();
        while (succeeded.size() + failed.size() < 1003 && System.nanoTime() < deadline) {
            Thread.sleep(100);
        }
        analytics.shutdown();
        assertThat(failed).isEmpty();
        assertThat(succeeded).hasSize(1003);

        long stored = SERVER.awaitCount("SELECT count(*) FROM raw_events WHERE event_id LIKE 'seg-%'", 1003, Duration.ofSeconds(60));
        assertThat(stored).isEqualTo(1003);
        Set<String> ids = new HashSet<>(SERVER.jdbi().withHandle(h -> h.createQuery("SELECT event_id FROM raw_events")
                .mapTo(String.class).list()));
        assertThat(ids).hasSize(1003).contains("seg-track", "seg-identify", "seg-page", "seg-batch-0", "seg-batch-999");

        Map<String, Object> track = SERVER.jdbi().withHandle(h -> h.createQuery(
                "SELECT user_id, event_type, source, event_data->>'revenue' AS revenue, event_data->'_segment'->>'type' AS call "
                        + "FROM raw_events WHERE event_id = 'seg-track'").mapToMap().one());
        assertThat(track).containsEntry("user_id", "u-1").containsEntry("event_type", "Order Completed")
                .containsEntry("source", "segment-test").containsEntry("revenue", "42.5").containsEntry("call", "track");
        List<Map<String, Object>> others = SERVER.jdbi().withHandle(h -> h.createQuery(
                "SELECT event_id, user_id, event_type FROM raw_events WHERE event_id IN ('seg-identify', 'seg-page') ORDER BY event_id")
                .mapToMap().list());
        assertThat(others).containsExactly(
                Map.of("event_id", "seg-identify", "user_id", "u-1", "event_type", "identify"),
                Map.of("event_id", "seg-page", "user_id", "anon-7", "event_type", "page"));
        assertThat(SERVER.count("SELECT count(*) FROM dead_letters")).isZero();
    }
}
