package io.sluice.application.service;

import io.sluice.application.port.in.MaintainStorageUseCase;
import io.sluice.application.port.in.MaintenanceReport;
import io.sluice.application.port.in.RestoreArchiveUseCase;
import io.sluice.application.port.in.StorageRetention;
import io.sluice.application.port.in.StorageStatus;
import io.sluice.application.port.out.ArchiveColumn;
import io.sluice.application.port.out.ArchiveDayPort;
import io.sluice.application.port.out.ArchiveKind;
import io.sluice.application.port.out.ArchiveManifest;
import io.sluice.application.port.out.ArchiveRows;
import io.sluice.application.port.out.ArchivedFile;
import io.sluice.application.port.out.HotStoragePort;
import io.sluice.application.port.out.PendingArchive;
import io.sluice.application.port.out.ReadArchivePort;
import io.sluice.application.port.out.RetainedData;
import io.sluice.application.port.in.StorageFootprint;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;

/**
 * The storage lifecycle: partitions ahead, raw days past the hot retention archived (written,
 * read back, counted) and only then dropped, other families dropped by their retention, and
 * archived days restored on request.
 *
 * <p>Crash safety comes from the order of steps: a raw day is first detached (its rows stay in the
 * database under another name), then written to one file named by a token fixed at detach time,
 * read back and counted, recorded in the day's manifest, and only then dropped. A run interrupted
 * anywhere resumes from the detached tables and rewrites the same file. Rows of a day that was
 * archived before (a restored day, or a resumed run) are written only when their id is not in the
 * day's other files, so no row is archived twice.
 *
 * <p>Rows move from the hot store to the archive at the {@link ArchivePace} (every pass over a
 * day's rows, counting ones included): the archive has a day to finish and should not take the
 * CPU the consumer needs meanwhile. Restores are not paced; an operator is waiting for them.
 *
 * <p>Runs are serialised by a lock; one run at a time per process (several processes on one store
 * are kept apart by the store's own locks on the partitions).
 */
public final class StorageMaintenance implements MaintainStorageUseCase, RestoreArchiveUseCase {

    private static final int DAYS_AHEAD = 3;

    private final HotStoragePort hot;
    private final ArchiveDayPort archive;
    private final ReadArchivePort archived;
    private final StorageRetention retention;
    private final ArchivePace pace;
    private final Clock clock;
    private final Object runLock = new Object();
    private volatile StorageStatus status = new StorageStatus(null, 0, null, false);

    public StorageMaintenance(HotStoragePort hot, ArchiveDayPort archive, ReadArchivePort archived, StorageRetention retention,
                              ArchivePace pace, Clock clock) {
        this.hot = Objects.requireNonNull(hot, "hot");
        this.archive = Objects.requireNonNull(archive, "archive");
        this.archived = Objects.requireNonNull(archived, "archived");
        this.retention = Objects.requireNonNull(retention, "retention");
        this.pace = Objects.requireNonNull(pace, "pace");
        this.clock = Objects.requireNonNull(clock, "clock");
    }

    @Override
    public MaintenanceReport maintain() {
        synchronized (runLock) {
            Optional<AutoCloseable> lock = hot.tryLockMaintenance();
            if (lock.isEmpty()) {
                return new MaintenanceReport(clock.instant(), 0, List.of(), Map.of(),
                        List.of("skipped: another instance is maintaining storage"));
            }
            try {
                return maintainLocked();
            } finally {
                release(lock.get());
            }
        }
    }

    private MaintenanceReport maintainLocked() {
        {
            Instant now = clock.instant();
            LocalDate today = LocalDate.ofInstant(now, ZoneOffset.UTC);
            List<String> failures = new ArrayList<>();
            int created = 0;
            try {
                created = hot.createPartitions(today.minusDays(1), today.plusDays(DAYS_AHEAD));
            } catch (RuntimeException failed) {
                failures.add("create partitions: " + failed.getMessage());
            }
            List<MaintenanceReport.ArchivedDay> archivedDays = new ArrayList<>();
            LocalDate rawCutoff = cutoff(today, retention.hot());
            for (ArchiveKind kind : ArchiveKind.values()) {
                try {
                    for (PendingArchive pending : hot.detachBefore(kind, rawCutoff, now.minus(retention.restoreHold()))) {
                        archivedDays.add(archiveOne(pending));
                    }
                } catch (RuntimeException failed) {
                    failures.add("archive " + kind.label() + ": " + failed.getMessage());
                }
            }
            Map<String, List<LocalDate>> dropped = new LinkedHashMap<>();
            // A partition of ids goes only once all its days are past the hot retention: every id is known for at least that long.
            drop(RetainedData.DEDUPE_IDS, cutoff(today, retention.hot()), dropped, failures);
            drop(RetainedData.LATE_WINDOW, cutoff(today, retention.lateWindow()), dropped, failures);
            drop(RetainedData.AGGREGATES, cutoff(today, retention.aggregates()), dropped, failures);
            drop(RetainedData.DEAD_LETTERS, cutoff(today, retention.deadLetters()), dropped, failures);
            drop(RetainedData.PIPELINE_METRICS, cutoff(today, retention.pipelineMetrics()), dropped, failures);
            MaintenanceReport report = new MaintenanceReport(now, created, archivedDays, dropped, failures);
            updateStatus(report, rawCutoff);
            return report;
        }
    }

    private static void release(AutoCloseable lock) {
        try {
            lock.close();
        } catch (Exception failed) {
            // the lock is the database session's: it goes with the session, and the next run takes it again
        }
    }

    private MaintenanceReport.ArchivedDay archiveOne(PendingArchive pending) {
        ArchiveKind kind = pending.kind();
        String file = kind.label() + "-" + pending.day() + "-" + pending.token() + ".parquet";
        Optional<ArchiveManifest> manifest = archived.manifest(kind, pending.day());
        Set<Long> alreadyArchived = manifest.isPresent() ? archived.ids(kind, pending.day(), file) : Set.of();
        List<ArchiveColumn> columns = hot.columns(kind);
        long[] exported = new long[1];
        ArchiveRows rows = pace.paced(hot.export(pending, columns, alreadyArchived));
        ArchiveRows counted = ArchiveRows.of(sink -> {
            exported[0] = rows.forEach(sink);
            return exported[0];
        });
        long kept;
        if (!alreadyArchived.isEmpty() && countOnly(pending, columns, alreadyArchived) == 0) {
            kept = 0; // every row is already in the day's other files (a restored day going cold again)
        } else {
            ArchivedFile written = archive.write(kind, pending.day(), file, columns, counted);
            if (written.rows() != exported[0]) {
                throw new IllegalStateException("the archive of " + kind.label() + " " + pending.day() + " holds " + written.rows()
                        + " rows, the hot store gave " + exported[0] + "; the day stays in the hot store");
            }
            archive.record(kind, pending.day(), written);
            kept = written.rows();
        }
        hot.dropArchived(pending, kept, clock.instant());
        return new MaintenanceReport.ArchivedDay(kind.label(), pending.day(), kept == 0 ? null : file, kept);
    }

    private long countOnly(PendingArchive pending, List<ArchiveColumn> columns, Set<Long> skip) {
        return pace.paced(hot.export(pending, columns, skip)).forEach(row -> { });
    }

    private void drop(RetainedData data, LocalDate before, Map<String, List<LocalDate>> dropped, List<String> failures) {
        try {
            List<LocalDate> days = hot.dropBefore(data, before);
            if (!days.isEmpty()) {
                dropped.put(data.name().toLowerCase(java.util.Locale.ROOT), days);
            }
        } catch (RuntimeException failed) {
            failures.add("drop " + data.name().toLowerCase(java.util.Locale.ROOT) + ": " + failed.getMessage());
        }
    }

    private void updateStatus(MaintenanceReport report, LocalDate rawCutoff) {
        StorageFootprint footprint = null;
        int lag = 0;
        try {
            footprint = hot.footprint();
            lag = footprint.pendingArchive();
            for (LocalDate oldest : footprint.oldestHotDay().values()) {
                if (oldest.isBefore(rawCutoff)) {
                    lag = Math.max(lag, (int) (rawCutoff.toEpochDay() - oldest.toEpochDay()));
                }
            }
        } catch (RuntimeException failed) {
            // the footprint is for metrics only: the last known one is better than failing the run
            footprint = status.footprint();
        }
        boolean archiveFailed = report.failures().stream().anyMatch(f -> f.startsWith("archive"));
        Instant lastSuccess = archiveFailed || lag > 0 ? status.lastSuccessfulArchive() : report.at();
        status = new StorageStatus(footprint, lag, lastSuccess, !report.failures().isEmpty());
    }

    @Override
    public StorageStatus status() {
        return status;
    }

    @Override
    public RestoreReport restore(LocalDate day) {
        synchronized (runLock) {
            Map<String, Long> inArchive = new LinkedHashMap<>();
            Map<String, Long> inserted = new LinkedHashMap<>();
            for (ArchiveKind kind : ArchiveKind.values()) {
                Optional<ArchiveManifest> manifest = archived.manifest(kind, day);
                if (manifest.isEmpty()) {
                    continue;
                }
                List<ArchiveColumn> columns = hot.columns(kind);
                inArchive.put(kind.label(), manifest.get().rows());
                inserted.put(kind.label(), hot.restore(kind, day, columns, ArchiveRows.of(sink -> archived.read(kind, day, columns, sink)),
                        clock.instant()));
            }
            return new RestoreReport(day, inArchive, inserted);
        }
    }

    /** The first day kept: days strictly before it have expired. */
    static LocalDate cutoff(LocalDate today, Duration keep) {
        return today.minusDays(Math.max(0, keep.toDays()));
    }
}
