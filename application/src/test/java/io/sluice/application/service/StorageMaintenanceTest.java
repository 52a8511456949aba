package io.sluice.application.service;

import static org.assertj.core.api.Assertions.assertThat;

import io.sluice.application.fakes.InMemoryArchive;
import io.sluice.application.fakes.InMemoryHotStorage;
import io.sluice.application.fakes.MovableClock;
import io.sluice.application.port.in.MaintenanceReport;
import io.sluice.application.port.in.StorageRetention;
import io.sluice.application.port.out.ArchiveKind;
import io.sluice.application.port.out.RetainedData;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicLong;
import java.util.stream.Collectors;
import java.util.stream.LongStream;
import org.junit.jupiter.api.Test;

class StorageMaintenanceTest {

    private static final LocalDate OLD = LocalDate.parse("2026-03-01");
    private static final long PACE = 2_000;

    private final InMemoryHotStorage hot = new InMemoryHotStorage();
    private final InMemoryArchive archive = new InMemoryArchive();
    private final MovableClock clock = new MovableClock(Instant.parse("2026-03-20T01:00:00Z"));
    /** The pace's time: moves only by its pauses, so every row it is handed counts fully. */
    private final AtomicLong nanos = new AtomicLong();
    private final List<Duration> pauses = new ArrayList<>();
    private final StorageMaintenance maintenance = new StorageMaintenance(hot, archive, archive, StorageRetention.defaults(),
            new ArchivePace(PACE, nanos::get, delay -> {
                pauses.add(delay);
                nanos.addAndGet(delay.toNanos());
            }), clock);

    @Test
    void dedupeIdsExpireWithTheHotRetention() {
        maintenance.maintain();

        // today is 20 March, 7 days hot: ids go once every day of their partition is before 13 March
        assertThat(hot.dropCutoffs()).containsEntry(RetainedData.DEDUPE_IDS, LocalDate.parse("2026-03-13"));
    }

    @Test
    void theRowsOfAnArchivedDayPassThroughThePace() {
        hot.detached(ArchiveKind.EVENTS, OLD, 10_500);

        MaintenanceReport report = maintenance.maintain();

        assertThat(report.failures()).isEmpty();
        assertThat(report.archived()).extracting(MaintenanceReport.ArchivedDay::rows).containsExactly(10_500L);
        assertThat(hot.pending()).isEmpty();
        // 10,500 rows at 2,000 rows/s: 5.25 s of pauses, one per 1,000 rows and one at the end
        assertThat(totalPaused()).isEqualTo(Duration.ofMillis(5_250));
        assertThat(pauses).hasSize(11);
    }

    @Test
    void aDayArchivedBeforeIsPacedInItsCountingPassAndItsWritingPass() {
        // a resumed run or late rows: 4,000 of the day's 10,000 rows are already in another file of the day
        archive.archived(ArchiveKind.EVENTS, OLD, "events-earlier.parquet", LongStream.rangeClosed(1, 4_000).boxed().collect(Collectors.toSet()));
        hot.detached(ArchiveKind.EVENTS, OLD, 10_000);

        MaintenanceReport report = maintenance.maintain();

        assertThat(report.failures()).isEmpty();
        assertThat(report.archived()).extracting(MaintenanceReport.ArchivedDay::rows).containsExactly(6_000L);
        // 6,000 new rows counted, then 6,000 written: 3 s each
        assertThat(totalPaused()).isEqualTo(Duration.ofSeconds(6));
    }

    @Test
    void aDayWhoseRowsAreAllArchivedAlreadyIsCountedWithoutPausing() {
        archive.archived(ArchiveKind.EVENTS, OLD, "events-earlier.parquet", LongStream.rangeClosed(1, 3_000).boxed().collect(Collectors.toSet()));
        hot.detached(ArchiveKind.EVENTS, OLD, 3_000);

        MaintenanceReport report = maintenance.maintain();

        assertThat(report.archived()).extracting(MaintenanceReport.ArchivedDay::rows).containsExactly(0L);
        assertThat(hot.pending()).isEmpty();
        assertThat(pauses).isEmpty();
    }

    @Test
    void aRestoreIsNotPaced() {
        archive.archived(ArchiveKind.EVENTS, OLD, "events-earlier.parquet", LongStream.rangeClosed(1, 5_000).boxed().collect(Collectors.toSet()));

        maintenance.restore(OLD);

        assertThat(hot.restored()).containsEntry(OLD, 5_000L);
        assertThat(pauses).isEmpty();
    }

    @Test
    void anArchiveInterruptedWhilePausingLeavesTheDayDetachedForTheNextRun() {
        StorageMaintenance interrupted = new StorageMaintenance(hot, archive, archive, StorageRetention.defaults(),
                new ArchivePace(PACE, nanos::get, delay -> {
                    throw new InterruptedException("shutdown (test)");
                }), clock);
        hot.detached(ArchiveKind.EVENTS, OLD, 5_000);
        try {
            MaintenanceReport report = interrupted.maintain();

            assertThat(report.failures()).singleElement().asString().startsWith("archive events").contains("interrupted");
            assertThat(hot.pending()).hasSize(1);
            assertThat(archive.manifest(ArchiveKind.EVENTS, OLD)).isEmpty();
        } finally {
            Thread.interrupted();
        }
    }

    private Duration totalPaused() {
        return pauses.stream().reduce(Duration.ZERO, Duration::plus);
    }
}
