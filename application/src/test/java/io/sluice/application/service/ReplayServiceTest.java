package io.sluice.application.service;

import static io.sluice.application.service.Fixtures.CLOCK;
import static io.sluice.application.service.Fixtures.NOW;
import static io.sluice.application.service.Fixtures.bytes;
import static io.sluice.application.service.Fixtures.eventDraft;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.sluice.application.fakes.InMemoryBuffer;
import io.sluice.application.fakes.InMemoryStore;
import io.sluice.application.fakes.RecordingPause;
import io.sluice.application.port.in.DeadLetterQuery;
import io.sluice.application.port.in.ReplayReport;
import io.sluice.application.port.out.BufferRefusedException;
import io.sluice.application.port.out.ConsumerGroup;
import io.sluice.application.port.out.ObservePipelinePort;
import io.sluice.application.port.out.StoreUnavailableException;
import io.sluice.domain.deadletter.DeadLetter;
import io.sluice.domain.deadletter.DeadLetterPolicy;
import io.sluice.domain.deadletter.DeadLetterReason;
import io.sluice.domain.event.Event;
import io.sluice.domain.event.EventSource;
import io.sluice.domain.metric.MetricDraft;
import io.sluice.application.port.out.BufferedRecord;
import io.sluice.application.port.out.RecordDraft;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class ReplayServiceTest {

    private static final Instant FAILED_AT = NOW.minus(Duration.ofDays(2));
    private static final DeadLetterQuery ALL = new DeadLetterQuery(null, null, null, null, null, null, 100);

    private final InMemoryBuffer buffer = new InMemoryBuffer();
    private final InMemoryStore store = new InMemoryStore();
    /** What each payload reads as today (a fixed decoder, a relaxed rule…). */
    private final Map<String, RecordDraft> decoded = new HashMap<>();
    private final ReplayService replay = new ReplayService(store, buffer, CLOCK, new SplittableRandom(5));
    private final BufferConsumer consumer = new BufferConsumer(buffer, store, new ConsumerGroup("g"), DeadLetterPolicy.standard(),
            CLOCK, new SplittableRandom(6), new RecordingPause(), ObservePipelinePort.NONE);

    @BeforeEach
    void decodeFromTheTable() {
        store.decodePayloadsWith(letter -> decoded.getOrDefault(new String(letter.payload(), StandardCharsets.UTF_8),
                new RecordDraft.Unreadable("not JSON")));
    }

    private long deadLetter(String payload, RecordDraft readsAs, DeadLetterReason reason) {
        if (readsAs != null) {
            decoded.put(payload, readsAs);
        }
        return store.addDeadLetter(new DeadLetter(reason, "was bad", bytes(payload), "POST /v1/events", EventSource.NATIVE, null,
                FAILED_AT, 1));
    }

    private static RecordDraft.OfEvent event(Object id, Object type, Object user) {
        return new RecordDraft.OfEvent(eventDraft(id, type, user, Map.of("k", "v")));
    }

    @Test
    void pendingDeadLettersThatAreNowValidAreReplayedAndMarked() {
        long nowValid = deadLetter("{1}", event(null, "signup", "u1"), DeadLetterReason.MALFORMED);
        long stillInvalid = deadLetter("{2}", event(null, "signup", null), DeadLetterReason.INVALID);
        long unreadable = deadLetter("{3", null, DeadLetterReason.MALFORMED);
        long metric = deadLetter("{4}", new RecordDraft.OfMetric(new MetricDraft(null, "cpu", 1.5, null, null, null)),
                DeadLetterReason.INVALID);

        ReplayReport report = replay.replay(ALL);

        assertThat(report.replayed()).containsExactlyInAnyOrder(new ReplayReport.Replayed(nowValid, "dl-" + nowValid),
                new ReplayReport.Replayed(metric, "dl-" + metric));
        assertThat(report.stillBad()).containsExactlyInAnyOrder(new ReplayReport.StillBad(stillInvalid, "user_id: is required"),
                new ReplayReport.StillBad(unreadable, "not JSON"));

        assertThat(buffer.appended()).hasSize(2);
        Event replayed = buffer.appended().stream().filter(r -> r instanceof BufferedRecord.EventRecord)
                .map(r -> ((BufferedRecord.EventRecord) r).event()).findFirst().orElseThrow();
        assertThat(replayed.id().value()).isEqualTo("dl-" + nowValid);
        assertThat(replayed.source()).isEqualTo(EventSource.REPLAY);
        assertThat(replayed.receivedAt()).isEqualTo(FAILED_AT);
        assertThat(replayed.timestamp()).isEqualTo(FAILED_AT);

        assertThat(store.findById(nowValid).orElseThrow().replayedEventId()).isEqualTo("dl-" + nowValid);
        assertThat(store.findById(nowValid).orElseThrow().replayedAt()).isEqualTo(NOW);
        assertThat(store.findById(metric).orElseThrow().replayed()).isTrue();
        assertThat(store.findById(stillInvalid).orElseThrow().replayed()).isFalse();
        assertThat(store.findById(unreadable).orElseThrow().replayed()).isFalse();
    }

    @Test
    void replayOneReplaysThatDeadLetterAndNoOther() {
        long older = deadLetter("{1}", event(null, "signup", "u1"), DeadLetterReason.MALFORMED);
        long wanted = deadLetter("{2}", event(null, "signup", "u2"), DeadLetterReason.MALFORMED);

        ReplayReport report = replay.replayOne(wanted);

        assertThat(report.replayed()).containsExactly(new ReplayReport.Replayed(wanted, "dl-" + wanted));
        assertThat(store.findById(older).orElseThrow().replayed()).isFalse();
        // Already replayed: nothing at all, in particular not the older pending one.
        assertThat(replay.replayOne(wanted).replayed()).isEmpty();
        assertThat(replay.replayOne(wanted).stillBad()).isEmpty();
        assertThat(store.findById(older).orElseThrow().replayed()).isFalse();
        assertThat(buffer.appended()).hasSize(1);
    }

    @Test
    void replayOneOfAnUnknownIdDoesNothing() {
        deadLetter("{1}", event(null, "signup", "u1"), DeadLetterReason.MALFORMED);

        assertThat(replay.replayOne(999).replayed()).isEmpty();
        assertThat(replay.replayOne(Long.MAX_VALUE).replayed()).isEmpty();
        assertThat(buffer.appended()).isEmpty();
    }

    @Test
    void replayOneReportsADeadLetterThatIsStillInvalid() {
        long id = deadLetter("{2}", event(null, "signup", null), DeadLetterReason.INVALID);

        ReplayReport report = replay.replayOne(id);

        assertThat(report.replayed()).isEmpty();
        assertThat(report.stillBad()).extracting(ReplayReport.StillBad::deadLetterId).containsExactly(id);
    }

    @Test
    void anItemThatHadAnIdKeepsIt() {
        long id = deadLetter("{5}", event("evt-77", "signup", "u"), DeadLetterReason.INVALID);
        assertThat(replay.replay(ALL).replayed()).containsExactly(new ReplayReport.Replayed(id, "evt-77"));
    }

    @Test
    void aSecondReplaySkipsWhatWasReplayedSoItIsStoredOnce() throws InterruptedException {
        deadLetter("{1}", event(null, "signup", "u1"), DeadLetterReason.MALFORMED);

        replay.replay(ALL);
        ReplayReport second = replay.replay(ALL);

        assertThat(second.replayed()).isEmpty();
        assertThat(buffer.appended()).hasSize(1);
        consumer.consumeNextBatch(Duration.ZERO);
        assertThat(store.storedEvents()).hasSize(1);
    }

    @Test
    void aReplayInterruptedBeforeMarkingStoresTheItemOnceWhenRepeated() throws InterruptedException {
        long id = deadLetter("{1}", event(null, "signup", "u1"), DeadLetterReason.MALFORMED);
        store.failMarks(1);

        assertThatThrownBy(() -> replay.replay(ALL)).isInstanceOf(StoreUnavailableException.class);
        assertThat(store.findById(id).orElseThrow().replayed()).isFalse();
        ReplayReport again = replay.replay(ALL);

        assertThat(again.replayed()).containsExactly(new ReplayReport.Replayed(id, "dl-" + id));
        assertThat(buffer.appended()).hasSize(2);
        consumer.consumeNextBatch(Duration.ZERO);
        assertThat(store.storedEvents()).extracting(e -> e.id().value()).containsExactly("dl-" + id);
    }

    @Test
    void whenTheBufferRefusesNothingIsMarked() {
        long id = deadLetter("{1}", event(null, "signup", "u1"), DeadLetterReason.MALFORMED);
        buffer.refuseAppends();

        assertThatThrownBy(() -> replay.replay(ALL)).isInstanceOf(BufferRefusedException.class);
        assertThat(store.findById(id).orElseThrow().replayed()).isFalse();
    }

    @Test
    void onlyPendingDeadLettersAreReplayedWhateverTheQuerySays() {
        long id = deadLetter("{1}", event(null, "signup", "u1"), DeadLetterReason.MALFORMED);
        DeadLetterQuery replayedOnly = new DeadLetterQuery(null, null, null, null, true, null, 10);

        assertThat(replay.replay(replayedOnly).replayed()).extracting(ReplayReport.Replayed::deadLetterId).containsExactly(id);
    }

    @Test
    void theQueryFiltersByReason() {
        deadLetter("{1}", event(null, "signup", "u1"), DeadLetterReason.MALFORMED);
        long invalid = deadLetter("{2}", event(null, "signup", "u2"), DeadLetterReason.INVALID);

        ReplayReport report = replay.replay(new DeadLetterQuery(DeadLetterReason.INVALID, null, null, null, null, null, 10));

        assertThat(report.replayed()).extracting(ReplayReport.Replayed::deadLetterId).containsExactly(invalid);
    }

    @Test
    void nothingToReplayAppendsNothing() {
        assertThat(replay.replay(ALL)).isEqualTo(new ReplayReport(List.of(), List.of()));
        assertThat(buffer.appended()).isEmpty();
    }
}
