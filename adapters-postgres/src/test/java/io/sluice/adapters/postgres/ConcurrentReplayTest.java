package io.sluice.adapters.postgres;

import static io.sluice.adapters.postgres.TestEvents.T0;
import static io.sluice.adapters.postgres.TestEvents.batch;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.sluice.application.port.in.DeadLetterQuery;
import io.sluice.application.port.in.StoredDeadLetter;
import io.sluice.application.port.out.ReplayCandidate;
import io.sluice.domain.deadletter.DeadLetter;
import io.sluice.domain.deadletter.DeadLetterReason;
import io.sluice.domain.event.EventSource;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Concurrent replays against a real PostgreSQL: each dead letter is held by one replay at a time,
 * so it is replayed, marked and reported exactly once, whatever how many operators press replay.
 */
class ConcurrentReplayTest {

    private static final DeadLetterQuery ALL = new DeadLetterQuery(null, null, null, null, null, null, 100);

    private final FreshStore fixture = new FreshStore();
    private final PostgresStore store = fixture.store();
    private final DeadLetterStore deadLetterStore = fixture.deadLetters();

    @BeforeEach
    void fiveDeadLetters() {
        List<DeadLetter> letters = new ArrayList<>();
        for (int n = 0; n < 5; n++) {
            letters.add(new DeadLetter(DeadLetterReason.INVALID, "detail", ("{\"event_type\":\"t\",\"user_id\":\"u" + n + "\"}")
                    .getBytes(StandardCharsets.UTF_8), "POST /v1/events", EventSource.NATIVE, null, T0.plusSeconds(n), 1));
        }
        store.store(batch(List.of(), List.of(), letters, List.of()));
    }

    /** A replay that takes a while, as a buffer append does, and records what it held. */
    private static java.util.function.Function<List<ReplayCandidate>, Map<Long, String>> slowReplay(List<Long> heldByAll, CountDownLatch start) {
        return held -> {
            await(start);
            Map<Long, String> replayed = new LinkedHashMap<>();
            for (ReplayCandidate candidate : held) {
                heldByAll.add(candidate.stored().id());
                replayed.put(candidate.stored().id(), "dl-" + candidate.stored().id());
            }
            sleep(300);
            return replayed;
        };
    }

    @Test
    void eight_concurrent_replays_of_one_dead_letter_replay_it_once() throws Exception {
        long id = deadLetterStore.find(ALL).get(0).id();
        List<Long> held = Collections.synchronizedList(new ArrayList<>());
        CountDownLatch start = new CountDownLatch(1);
        ExecutorService threads = Executors.newFixedThreadPool(8);
        List<Future<?>> calls = new ArrayList<>();
        for (int i = 0; i < 8; i++) {
            calls.add(threads.submit(() -> deadLetterStore.replayPendingOne(id, T0, slowReplay(held, start))));
        }
        start.countDown();
        for (Future<?> call : calls) {
            call.get();
        }
        threads.shutdown();

        assertThat(held).containsExactly(id);
        assertThat(deadLetterStore.findById(id).orElseThrow().replayedEventId()).isEqualTo("dl-" + id);
    }

    @Test
    void four_concurrent_replays_of_everything_share_the_dead_letters_without_overlap() throws Exception {
        List<Long> held = Collections.synchronizedList(new ArrayList<>());
        CountDownLatch start = new CountDownLatch(1);
        ExecutorService threads = Executors.newFixedThreadPool(4);
        List<Future<?>> calls = new ArrayList<>();
        for (int i = 0; i < 4; i++) {
            calls.add(threads.submit(() -> deadLetterStore.replayPending(ALL, T0, slowReplay(held, start))));
        }
        start.countDown();
        for (Future<?> call : calls) {
            call.get();
        }
        threads.shutdown();

        assertThat(held).hasSize(5).doesNotHaveDuplicates();
        assertThat(deadLetterStore.find(ALL)).allMatch(StoredDeadLetter::replayed);
    }

    @Test
    void a_replay_that_fails_marks_nothing_and_its_own_exception_reaches_the_caller() {
        IllegalStateException refused = new IllegalStateException("the buffer refused");
        assertThatThrownBy(() -> deadLetterStore.replayPending(ALL, T0, held -> {
            throw refused;
        })).isSameAs(refused);
        assertThat(deadLetterStore.find(ALL)).noneMatch(StoredDeadLetter::replayed);
    }

    private static void await(CountDownLatch latch) {
        try {
            latch.await();
        } catch (InterruptedException interrupted) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(interrupted);
        }
    }

    private static void sleep(long millis) {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException interrupted) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(interrupted);
        }
    }
}
