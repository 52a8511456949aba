package io.sluice.application.service;

import static io.sluice.application.service.Fixtures.CLOCK;
import static io.sluice.application.service.Fixtures.eventDraft;
import static io.sluice.application.service.Fixtures.parsed;
import static org.assertj.core.api.Assertions.assertThat;

import io.sluice.application.fakes.InMemoryBuffer;
import io.sluice.application.fakes.InMemoryStore;
import io.sluice.application.fakes.RecordingPause;
import io.sluice.application.port.in.Incoming;
import io.sluice.application.port.in.IngestEventsCommand;
import io.sluice.application.port.in.RouteFamily;
import io.sluice.application.port.out.ConsumerGroup;
import io.sluice.application.port.out.ObservePipelinePort;
import io.sluice.domain.deadletter.DeadLetterPolicy;
import io.sluice.domain.deadletter.FailureDecision;
import io.sluice.domain.deadletter.FailureKind;
import io.sluice.domain.event.EventDraft;
import io.sluice.domain.event.EventId;
import io.sluice.domain.event.EventSource;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

/** Issue 13 / 14.10: every failed attempt to store a batch is reported for the operator's log, with its cause and what follows. */
class BatchFailureReportTest {

    private final InMemoryBuffer buffer = new InMemoryBuffer();
    private final InMemoryStore store = new InMemoryStore();
    private final List<String> reported = new ArrayList<>();
    private final BufferConsumer consumer = new BufferConsumer(buffer, store, new ConsumerGroup("g"),
            new DeadLetterPolicy(3, Duration.ofMillis(100), Duration.ofSeconds(30)), CLOCK, new SplittableRandom(1),
            new RecordingPause(), new ObservePipelinePort() {
                @Override
                public void batchFailed(FailureKind kind, int attempt, int records, String cause, FailureDecision next) {
                    assertThat(cause).isNotBlank();
                    reported.add(kind + " " + attempt + " " + records + " " + next.getClass().getSimpleName());
                }
            });

    private void ingest(String... ids) {
        List<Incoming<EventDraft>> items = new ArrayList<>();
        for (String id : ids) {
            items.add(parsed(eventDraft(id, "t", "u", null)));
        }
        new IngestService(buffer, CLOCK, new SplittableRandom(2), ObservePipelinePort.NONE)
                .ingest(new IngestEventsCommand(items, EventSource.NATIVE, RouteFamily.NATIVE, "POST /v1/events"));
    }

    @Test
    void each_failed_attempt_against_an_unavailable_store_is_reported_once() throws InterruptedException {
        ingest("a", "b");
        store.unavailableFor(3);

        consumer.consumeNextBatch(Duration.ofMillis(10));

        assertThat(reported).containsExactly("STORE_UNAVAILABLE 1 2 RetryAfter", "STORE_UNAVAILABLE 2 2 RetryAfter",
                "STORE_UNAVAILABLE 3 2 RetryAfter");
    }

    @Test
    void a_refused_batch_reports_its_retries_and_then_the_isolation() throws InterruptedException {
        ingest("good", "poison");
        store.reject(new EventId("poison"));

        consumer.consumeNextBatch(Duration.ofMillis(10));

        assertThat(reported).containsExactly("STORE_REJECTED 1 2 RetryAfter", "STORE_REJECTED 2 2 RetryAfter",
                "STORE_REJECTED 3 2 IsolatePoison");
    }
}
