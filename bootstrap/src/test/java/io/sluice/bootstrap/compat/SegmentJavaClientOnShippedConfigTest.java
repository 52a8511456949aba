package io.sluice.bootstrap.compat;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.segment.analytics.Analytics;
import com.segment.analytics.Callback;
import com.segment.analytics.messages.Message;
import com.segment.analytics.messages.TrackMessage;
import io.dropwizard.testing.junit5.DropwizardAppExtension;
import io.dropwizard.testing.junit5.DropwizardExtensionsSupport;
import io.sluice.bootstrap.SluiceConfiguration;
import io.sluice.bootstrap.testkit.InJvmServer;
import java.net.http.HttpRequest;
import java.time.Duration;
import java.util.HashSet;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * Segment's official Java client exactly as its users start it, {@code Analytics.builder("any-key")},
 * against the shipped {@code config.yml} (keys not required): a key Sluice does not know must not
 * refuse the messages. Every message is stored; the unknown key is counted.
 */
@ExtendWith(DropwizardExtensionsSupport.class)
class SegmentJavaClientOnShippedConfigTest {

    private static final InJvmServer SERVER = InJvmServer.shipped();
    static final DropwizardAppExtension<SluiceConfiguration> APP = SERVER.app;
    private static final int MESSAGES = 502;

    @Test
    void an_unknown_write_key_is_accepted_when_keys_are_not_required_and_every_message_is_stored() throws Exception {
        Set<String> succeeded = ConcurrentHashMap.newKeySet();
        Set<String> failed = ConcurrentHashMap.newKeySet();
        Analytics analytics = Analytics.builder("any-key")
                .endpoint("http://localhost:" + APP.getLocalPort())
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
        for (int i = 0; i < MESSAGES; i++) {
            analytics.enqueue(TrackMessage.builder("Shipped Event").userId("user-" + (i % 11)).messageId("shipped-" + i)
                    .properties(Map.of("i", i)));
        }
        analytics.flush();
        long deadline = System.nanoTime() + Duration.ofSeconds(60).toNanos();
        while (succeeded.size() + failed.size() < MESSAGES && System.nanoTime() < deadline) {
            Thread.sleep(100);
        }
        analytics.shutdown();
        assertThat(failed).isEmpty();
        assertThat(succeeded).hasSize(MESSAGES);

        JsonNode page = SERVER.awaitRead("/v1/events?type=Shipped%20Event&limit=1000",
                events -> events.get("events").size() >= MESSAGES, Duration.ofSeconds(60));
        Set<String> ids = new HashSet<>();
        page.get("events").forEach(event -> ids.add(event.get("event_id").asText()));
        assertThat(ids).hasSize(MESSAGES).contains("shipped-0", "shipped-" + (MESSAGES - 1));

        String metrics = SERVER.send(HttpRequest.newBuilder(SERVER.adminUri("/prometheus")).GET().build()).body();
        assertThat(metrics).containsPattern("sluice_unknown_write_keys_total\\{route=\"segment\"} [1-9]");
    }
}
