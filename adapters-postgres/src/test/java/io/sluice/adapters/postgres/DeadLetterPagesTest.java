package io.sluice.adapters.postgres;

import static io.sluice.adapters.postgres.TestEvents.T0;
import static io.sluice.adapters.postgres.TestEvents.batch;
import static org.assertj.core.api.Assertions.assertThat;

import io.sluice.application.port.in.DeadLetterQuery;
import io.sluice.application.port.in.ReplayOutcome;
import io.sluice.application.port.in.ReplayReport;
import io.sluice.application.port.in.StoredDeadLetter;
import io.sluice.application.service.ReplayService;
import io.sluice.domain.deadletter.DeadLetter;
import io.sluice.domain.deadletter.DeadLetterReason;
import io.sluice.domain.event.EventSource;
import io.sluice.application.port.out.BufferedRecord;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

/**
 * Issue 13, finding 2, for dead letters: listings and replays are bounded in bytes, whatever the
 * limit asked for, and paging still returns every dead letter exactly once.
 */
class DeadLetterPagesTest {

    private final FreshStore fixture = new FreshStore();
    private final PostgresStore store = fixture.store();
    private final DeadLetterStore deadLetterStore = fixture.deadLetters();

    private void deadLetters(int count, int payloadBytes) {
        List<DeadLetter> letters = new ArrayList<>();
        for (int i = 0; i < count; i++) {
            letters.add(new DeadLetter(DeadLetterReason.INVALID, "too big", payload(payloadBytes), "POST /v1/events",
                    EventSource.NATIVE, null, T0, 1));
            if (letters.size() == 20) {
                store.store(batch(List.of(), List.of(), letters, List.of()));
                letters.clear();
            }
        }
        store.store(batch(List.of(), List.of(), letters, List.of()));
    }

    /** A native event item of about {@code bytes} bytes, valid apart from its size when that passes 32 KB. */
    private static byte[] payload(int bytes) {
        String head = "{\"event_type\":\"page_view\",\"user_id\":\"u1\",\"properties\":{\"blob\":\"";
        return (head + "x".repeat(Math.max(0, bytes - head.length() - 3)) + "\"}}").getBytes(StandardCharsets.UTF_8);
    }

    @Test
    void aListingOfHugePayloadsLeavesThemOutAndNamesTheirSize() {
        deadLetters(12, 1024 * 1024);
        deadLetters(3, 200);

        List<StoredDeadLetter> page = deadLetterStore.find(new DeadLetterQuery(null, null, null, null, null, null, 1000));

        assertThat(page).hasSize(15);
        assertThat(page).filteredOn(StoredDeadLetter::payloadOmitted).hasSize(12).allSatisfy(letter -> {
            assertThat(letter.letter().payloadSize()).isZero();
            assertThat(letter.payloadBytes()).isEqualTo(1024 * 1024);
        });
        assertThat(page).filteredOn(letter -> !letter.payloadOmitted()).hasSize(3)
                .allSatisfy(letter -> assertThat(letter.letter().payloadSize()).isEqualTo(200));
        StoredDeadLetter big = page.get(page.size() - 1);
        assertThat(deadLetterStore.findById(big.id())).hasValueSatisfying(whole -> {
            assertThat(whole.payloadOmitted()).isFalse();
            assertThat(whole.letter().payloadSize()).isEqualTo(1024 * 1024);
        });
    }

    @Test
    void pagesStopAtTheByteBudgetAndPagingReturnsEveryDeadLetterOnce() {
        deadLetters(100, 60 * 1024);

        Set<Long> seen = new HashSet<>();
        DeadLetterQuery query = new DeadLetterQuery(null, null, null, null, null, null, 1000);
        int pages = 0;
        while (true) {
            List<StoredDeadLetter> page = deadLetterStore.find(query);
            if (page.isEmpty()) {
                break;
            }
            pages++;
            long carried = 0;
            for (StoredDeadLetter letter : page) {
                assertThat(seen.add(letter.id())).isTrue();
                carried += letter.letter().payloadSize();
            }
            assertThat(carried).isLessThan(DeadLetterQuery.PAGE_PAYLOAD_BYTES + 60 * 1024);
            query = query.below(page.get(page.size() - 1).id(), 1000);
        }
        assertThat(seen).hasSize(100);
        assertThat(pages).isGreaterThanOrEqualTo(2);
    }

    @Test
    void replayingEverythingAppendsChunksBoundedInBytes() {
        deadLetters(300, 30_000);
        List<Integer> appendBytes = new ArrayList<>();
        List<Integer> appendSizes = new ArrayList<>();
        ReplayService replay = new ReplayService(deadLetterStore, deadLetterStore, records -> {
            int bytes = 0;
            for (BufferedRecord record : records) {
                bytes += ((BufferedRecord.EventRecord) record).event().properties().asMap().get("blob").toString().length();
            }
            appendBytes.add(bytes);
            appendSizes.add(records.size());
        }, Clock.fixed(T0.plusSeconds(60), ZoneOffset.UTC), new SplittableRandom(3));

        ReplayReport report = replay.replay(new DeadLetterQuery(null, null, null, null, null, null, 1000));

        assertThat(report.stillInvalid()).isEmpty();
        assertThat(report.replayed()).hasSize(300);
        assertThat(report.replayed()).extracting(ReplayOutcome.Replayed::deadLetterId).doesNotHaveDuplicates();
        assertThat(appendSizes.stream().mapToInt(Integer::intValue).sum()).isEqualTo(300);
        assertThat(appendBytes).hasSizeGreaterThanOrEqualTo(2)
                .allSatisfy(bytes -> assertThat(bytes).isLessThan(DeadLetterQuery.PAGE_PAYLOAD_BYTES + 30_000));
        assertThat(deadLetterStore.find(new DeadLetterQuery(null, null, null, null, false, null, 1000))).isEmpty();
    }
}
