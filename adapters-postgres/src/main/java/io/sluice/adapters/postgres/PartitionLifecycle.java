package io.sluice.adapters.postgres;

import io.sluice.application.port.in.StorageFootprint;
import io.sluice.application.port.out.ArchiveColumn;
import io.sluice.application.port.out.ArchiveKind;
import io.sluice.application.port.out.ArchiveRows;
import io.sluice.application.port.out.HotStoragePort;
import io.sluice.application.port.out.PendingArchive;
import io.sluice.application.port.out.RetainedData;
import java.time.Instant;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import org.jdbi.v3.core.Handle;
import org.jdbi.v3.core.Jdbi;

/**
 * The day (and, for dedupe ids, week) partitions of the hot store: created ahead, raw days detached for the archive and
 * dropped once archived ({@link PartitionArchiving}), other families dropped by retention, archived
 * rows restored ({@link ArchiveRestore}). Rows are never deleted one by one, and DDL waits for the
 * consumer's locks only briefly ({@link HotPartitions#LOCK_TIMEOUT}). Thread-safe.
 */
public final class PartitionLifecycle implements HotStoragePort {

    private final Jdbi jdbi;
    private final PartitionArchiving archiving;
    private final ArchiveRestore restoring;

    public PartitionLifecycle(Jdbi jdbi) {
        this.jdbi = jdbi;
        this.archiving = new PartitionArchiving(jdbi);
        this.restoring = new ArchiveRestore(jdbi);
    }

    @Override
    public Optional<AutoCloseable> tryLockMaintenance() {
        return StoreFailures.guard("take the maintenance lock", () -> {
            Handle handle = jdbi.open();
            try {
                boolean locked = handle.createQuery("SELECT pg_try_advisory_lock(hashtext('sluice-storage-maintenance'))")
                        .mapTo(Boolean.class).one();
                if (!locked) {
                    handle.close();
                    return Optional.empty();
                }
                // session-level lock: released by closing the session, even if the unlock fails
                return Optional.of(() -> {
                    try (handle) {
                        handle.createQuery("SELECT pg_advisory_unlock(hashtext('sluice-storage-maintenance'))").mapTo(Boolean.class).one();
                    }
                });
            } catch (RuntimeException failed) {
                handle.close();
                throw failed;
            }
        });
    }

    @Override
    public int createPartitions(LocalDate from, LocalDate to) {
        return StoreFailures.guard("create partitions ahead", () -> jdbi.withHandle(handle -> {
            int created = 0;
            for (String table : HotPartitions.ALL_TABLES) {
                // A week partition exists a week before it starts: the week after the last day's too.
                LocalDate last = HotPartitions.WEEKLY.contains(table) ? to.plusWeeks(1) : to;
                for (LocalDate day = from; !day.isAfter(last); day = day.plusDays(1)) {
                    if (handle.createQuery("SELECT sluice_ensure_day_partition(:t, CAST(:d AS date))")
                            .bind("t", table).bind("d", day.toString()).mapTo(Boolean.class).one()) {
                        created++;
                    }
                }
            }
            return created;
        }));
    }

    @Override
    public List<PendingArchive> detachBefore(ArchiveKind kind, LocalDate before, Instant restoredSince) {
        return archiving.detachBefore(kind, before, restoredSince);
    }

    @Override
    public List<ArchiveColumn> columns(ArchiveKind kind) {
        return archiving.columns(kind);
    }

    @Override
    public ArchiveRows export(PendingArchive pending, List<ArchiveColumn> columns, Set<Long> skipIds) {
        return archiving.export(pending, columns, skipIds);
    }

    @Override
    public void dropArchived(PendingArchive pending, long archivedRows, Instant at) {
        archiving.dropArchived(pending, archivedRows, at);
    }

    @Override
    public List<LocalDate> dropBefore(RetainedData data, LocalDate before) {
        return StoreFailures.guard("drop expired " + data, () -> {
            List<LocalDate> dropped = new ArrayList<>();
            for (String parent : HotPartitions.tables(data)) {
                Map<LocalDate, String> partitions = jdbi.withHandle(handle -> HotPartitions.partitions(handle, parent));
                for (Map.Entry<LocalDate, String> partition : partitions.entrySet()) {
                    // only once every day it holds has expired (a week of ids goes when its last day does)
                    if (!HotPartitions.end(parent, partition.getKey()).isAfter(before)) {
                        jdbi.useTransaction(handle -> {
                            HotPartitions.limitLockWait(handle);
                            handle.execute("DROP TABLE IF EXISTS " + partition.getValue());
                        });
                        if (!dropped.contains(partition.getKey())) {
                            dropped.add(partition.getKey());
                        }
                    }
                }
            }
            dropped.sort(null);
            return dropped;
        });
    }

    @Override
    public long restore(ArchiveKind kind, LocalDate day, List<ArchiveColumn> columns, ArchiveRows rows, Instant at) {
        return restoring.restore(kind, day, columns, rows, at);
    }

    @Override
    public StorageFootprint footprint() {
        return StoreFailures.guard("measure the hot store", () -> jdbi.withHandle(handle -> {
            Map<String, Integer> hotDays = new TreeMap<>();
            Map<String, LocalDate> oldest = new TreeMap<>();
            Map<String, Integer> archivedDays = new TreeMap<>();
            for (ArchiveKind kind : ArchiveKind.values()) {
                Map<LocalDate, String> days = HotPartitions.partitions(handle, HotPartitions.parent(kind));
                hotDays.put(kind.label(), days.size());
                if (!days.isEmpty()) {
                    oldest.put(kind.label(), days.keySet().iterator().next());
                }
                archivedDays.put(kind.label(), handle.createQuery("SELECT count(*) FROM archive_days WHERE kind = :k AND archived_at IS NOT NULL")
                        .bind("k", kind.label()).mapTo(Integer.class).one());
            }
            int pending = handle.createQuery("SELECT count(*) FROM archive_pending").mapTo(Integer.class).one();
            Map<String, Long> bytes = new TreeMap<>();
            for (String table : HotPartitions.ALL_TABLES) {
                bytes.put(table, handle.createQuery(
                                "SELECT coalesce(sum(pg_total_relation_size(relid)), 0) FROM pg_partition_tree(CAST(:t AS regclass))")
                        .bind("t", table).mapTo(Long.class).one());
            }
            return new StorageFootprint(hotDays, oldest, archivedDays, pending, bytes);
        }));
    }
}
