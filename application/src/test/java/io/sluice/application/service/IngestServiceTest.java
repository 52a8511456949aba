package io.sluice.application.service;

import static io.sluice.application.service.Fixtures.CLOCK;
import static io.sluice.application.service.Fixtures.NOW;
import static io.sluice.application.service.Fixtures.bytes;
import static io.sluice.application.service.Fixtures.eventDraft;
import static io.sluice.application.service.Fixtures.parsed;
import static io.sluice.application.service.Fixtures.parsedMetric;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.sluice.application.fakes.InMemoryBuffer;
import io.sluice.application.port.in.Incoming;
import io.sluice.application.port.in.IngestEventsCommand;
import io.sluice.application.port.in.IngestMetricsCommand;
import io.sluice.application.port.in.IngestReceipt;
import io.sluice.application.port.in.ItemOutcome;
import io.sluice.application.port.out.BufferBacklogFullException;
import io.sluice.application.port.out.BufferRefusedException;
import io.sluice.domain.deadletter.DeadLetter;
import io.sluice.domain.deadletter.DeadLetterReason;
import io.sluice.domain.event.EventDraft;
import io.sluice.domain.event.EventSource;
import io.sluice.domain.event.Violation;
import io.sluice.domain.metric.MetricDraft;
import io.sluice.application.port.out.BufferedRecord;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.UUID;
import org.junit.jupiter.api.Test;

class IngestServiceTest {

    private static final EventSource SOURCE = new EventSource("web");

    private final InMemoryBuffer buffer = new InMemoryBuffer();
    private final Fixtures.RecordingObserver observer = new Fixtures.RecordingObserver();
    private final IngestService ingest = new IngestService(buffer, CLOCK, new SplittableRandom(3), observer);

    private static IngestEventsCommand events(List<Incoming<EventDraft>> items) {
        return new IngestEventsCommand(items, SOURCE, "native", "POST /v1/events");
    }

    private static DeadLetter deadLetterOf(BufferedRecord record) {
        assertThat(record).isInstanceOf(BufferedRecord.RejectedRecord.class);
        return ((BufferedRecord.RejectedRecord) record).deadLetter();
    }

    @Test
    void validItemsAreAppendedAndInvalidOnesAreAppendedAsDeadLettersInRequestOrder() {
        Incoming<EventDraft> invalid = new Incoming.Parsed<>(eventDraft("evt-2", "signup", null, null), bytes("{\"event_id\":\"evt-2\"}"));
        Incoming<EventDraft> unreadable = new Incoming.Unparsed<>(bytes("{not json"), "not JSON: unexpected character 'n'");

        IngestReceipt receipt = ingest.ingest(events(List.of(
                parsed(eventDraft("evt-1", "page_view", "u1", Map.of("page_url", "/"))),
                invalid,
                unreadable,
                parsed(eventDraft(null, "Order Completed", 42, null)))));

        List<ItemOutcome> outcomes = receipt.outcomes();
        assertThat(outcomes).hasSize(4);
        assertThat(outcomes.get(0)).isEqualTo(new ItemOutcome.Accepted("evt-1"));
        assertThat(outcomes.get(1)).isEqualTo(new ItemOutcome.Rejected(List.of(new Violation("user_id", "is required"))));
        assertThat(outcomes.get(2)).isInstanceOfSatisfying(ItemOutcome.Rejected.class,
                r -> assertThat(r.violations()).singleElement().satisfies(v -> assertThat(v.message()).contains("not JSON")));
        assertThat(outcomes.get(3)).isInstanceOfSatisfying(ItemOutcome.Accepted.class,
                a -> assertThat(UUID.fromString(a.id()).version()).isEqualTo(7));
        assertThat(receipt.accepted()).isEqualTo(2);
        assertThat(receipt.rejected()).isEqualTo(2);

        List<BufferedRecord> appended = buffer.appended();
        assertThat(appended).hasSize(4);
        assertThat(appended.get(0)).isInstanceOfSatisfying(BufferedRecord.EventRecord.class, r -> {
            assertThat(r.event().id().value()).isEqualTo("evt-1");
            assertThat(r.event().source()).isEqualTo(SOURCE);
            assertThat(r.event().receivedAt()).isEqualTo(NOW);
        });
        DeadLetter invalidLetter = deadLetterOf(appended.get(1));
        assertThat(invalidLetter.reason()).isEqualTo(DeadLetterReason.INVALID);
        assertThat(invalidLetter.detail()).isEqualTo("user_id: is required");
        assertThat(invalidLetter.payload()).isEqualTo(bytes("{\"event_id\":\"evt-2\"}"));
        assertThat(invalidLetter.eventId()).isEqualTo("evt-2");
        assertThat(invalidLetter.origin()).isEqualTo("POST /v1/events");
        assertThat(invalidLetter.source()).isEqualTo(SOURCE);
        assertThat(invalidLetter.failedAt()).isEqualTo(NOW);
        assertThat(invalidLetter.attempts()).isEqualTo(1);
        DeadLetter malformed = deadLetterOf(appended.get(2));
        assertThat(malformed.reason()).isEqualTo(DeadLetterReason.MALFORMED);
        assertThat(malformed.payload()).isEqualTo(bytes("{not json"));
        assertThat(malformed.eventId()).isNull();
        assertThat(appended.get(3)).isInstanceOfSatisfying(BufferedRecord.EventRecord.class,
                r -> assertThat(r.event().id().value()).isEqualTo(((ItemOutcome.Accepted) outcomes.get(3)).id()));

        assertThat(observer.calls).containsExactly("ingested native 2/2");
    }

    @Test
    void theClientsTextOfThePropertiesTravelsOnTheBufferedRecordNotInTheEvent() {
        byte[] text = bytes("{ \"page_url\" : \"/\" }");
        EventDraft withText = new EventDraft("evt-1", "page_view", "u1", null, null, null, Map.of("page_url", "/"), null, 20, null,
                EventSource.NATIVE, text);
        EventDraft emptyWithText = new EventDraft("evt-2", "page_view", "u1", null, null, null, Map.of(), null, 5, null,
                EventSource.NATIVE, bytes("{ }"));

        ingest.ingest(events(List.of(parsed(withText), parsed(emptyWithText))));

        List<BufferedRecord> appended = buffer.appended();
        assertThat(((BufferedRecord.EventRecord) appended.get(0)).encodedProperties()).isSameAs(text);
        assertThat(((BufferedRecord.EventRecord) appended.get(0)).event().properties().asMap()).isEqualTo(Map.of("page_url", "/"));
        // An empty object is encoded anew, as it always was.
        assertThat(((BufferedRecord.EventRecord) appended.get(1)).encodedProperties()).isNull();
    }

    @Test
    void aRejectedItemsClaimedIdIsKeptOnlyWhenStorable() {
        ingest.ingest(events(List.of(parsed(eventDraft("bad\u0000id", "x", "u", null)), parsed(eventDraft("x".repeat(101), "x", "u", null)))));

        assertThat(buffer.appended()).extracting(r -> deadLetterOf(r).eventId()).containsOnlyNulls();
        assertThat(buffer.appended()).extracting(r -> deadLetterOf(r).detail()).allSatisfy(d -> assertThat(d).doesNotContain("\u0000"));
    }

    @Test
    void aRequestOfOnlyRejectedItemsStillReachesTheBuffer() {
        IngestReceipt receipt = ingest.ingest(events(List.of(parsed(eventDraft("e", null, null, null)))));

        assertThat(receipt.accepted()).isZero();
        assertThat(buffer.appended()).singleElement().isInstanceOf(BufferedRecord.RejectedRecord.class);
    }

    @Test
    void whenTheBufferRefusesTheRefusalPropagatesAndNothingIsAcknowledged() {
        buffer.refuseAppends();

        assertThatThrownBy(() -> ingest.ingest(events(List.of(parsed(eventDraft("e", "t", "u", null))))))
                .isInstanceOf(BufferRefusedException.class)
                .satisfies(e -> assertThat(((BufferRefusedException) e).retryAfter()).isEqualTo(Duration.ofSeconds(5)));

        assertThat(buffer.appended()).isEmpty();
        assertThat(observer.calls).containsExactly("refused native");
    }

    @Test
    void aFullBacklogIsARefusalToo() {
        buffer.refuseAppends(new BufferBacklogFullException("backlog full", Duration.ofSeconds(1)));
        assertThatThrownBy(() -> ingest.ingest(new IngestMetricsCommand(List.of(parsedMetric("cpu", 1)), SOURCE, "metrics", "POST /api/v1/metrics")))
                .isInstanceOf(BufferBacklogFullException.class);
        assertThat(observer.calls).containsExactly("refused metrics");
    }

    @Test
    void metricsAreIngestedTheSameWay() {
        Incoming<MetricDraft> unreadable = new Incoming.Unparsed<>(bytes("[1,2"), "not JSON");

        IngestReceipt receipt = ingest.ingest(new IngestMetricsCommand(List.of(parsedMetric("cpu_usage", 75.5),
                parsedMetric("cpu_usage", "high"), unreadable), SOURCE, "metrics", "POST /api/v1/metrics"));

        assertThat(receipt.outcomes().get(0)).isInstanceOfSatisfying(ItemOutcome.Accepted.class,
                a -> assertThat(UUID.fromString(a.id()).version()).isEqualTo(7));
        assertThat(receipt.outcomes().get(1)).isEqualTo(new ItemOutcome.Rejected(List.of(new Violation("value", "must be a number"))));
        assertThat(receipt.outcomes().get(2)).isInstanceOf(ItemOutcome.Rejected.class);
        List<BufferedRecord> appended = buffer.appended();
        assertThat(appended.get(0)).isInstanceOfSatisfying(BufferedRecord.MetricRecord.class, r -> {
            assertThat(r.sample().value()).isEqualTo(75.5);
            assertThat(r.sample().id()).isEqualTo(((ItemOutcome.Accepted) receipt.outcomes().get(0)).id());
        });
        assertThat(deadLetterOf(appended.get(1)).reason()).isEqualTo(DeadLetterReason.INVALID);
        assertThat(deadLetterOf(appended.get(1)).payload()).isEqualTo(bytes("{\"name\":\"cpu_usage\"}"));
        assertThat(deadLetterOf(appended.get(2)).reason()).isEqualTo(DeadLetterReason.MALFORMED);
        assertThat(observer.calls).containsExactly("ingested metrics 1/2");
    }

    @Test
    void refusedMetricsPropagateToo() {
        buffer.refuseAppends();
        assertThatThrownBy(() -> ingest.ingest(new IngestMetricsCommand(List.of(parsedMetric("cpu", 1)), SOURCE, "metrics", "o")))
                .isInstanceOf(BufferRefusedException.class);
        assertThat(buffer.appended()).isEmpty();
    }

    @Test
    void anEmptyRequestIsNotACommand() {
        assertThatThrownBy(() -> events(List.of())).isInstanceOf(IllegalArgumentException.class);
    }
}
