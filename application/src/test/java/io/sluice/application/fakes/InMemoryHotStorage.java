package io.sluice.application.fakes;

import io.sluice.application.port.in.StorageFootprint;
import io.sluice.application.port.out.ArchiveColumn;
import io.sluice.application.port.out.ArchiveKind;
import io.sluice.application.port.out.ArchiveRows;
import io.sluice.application.port.out.HotStoragePort;
import io.sluice.application.port.out.PendingArchive;
import io.sluice.application.port.out.RetainedData;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * A hot store of raw days already detached for the archive: each row is its id and its time. No
 * partitions to create or drop. Thread-safe.
 */
public final class InMemoryHotStorage implements HotStoragePort {

    private final Map<PendingArchive, Long> pending = new LinkedHashMap<>();
    private final Map<LocalDate, Long> restored = new LinkedHashMap<>();
    private final Map<RetainedData, LocalDate> dropCutoffs = new LinkedHashMap<>();

    /** A detached day of {@code rows} rows with ids {@code 1..rows}. */
    public synchronized PendingArchive detached(ArchiveKind kind, LocalDate day, long rows) {
        PendingArchive detached = new PendingArchive(kind.label() + "_" + day, kind, day, "t" + pending.size());
        pending.put(detached, rows);
        return detached;
    }

    /** Rows put back per day by restores. */
    public synchronized Map<LocalDate, Long> restored() {
        return Map.copyOf(restored);
    }

    /** The {@code before} of the last drop asked for, per family. */
    public synchronized Map<RetainedData, LocalDate> dropCutoffs() {
        return Map.copyOf(dropCutoffs);
    }

    /** Days still detached, not yet archived and dropped. */
    public synchronized List<PendingArchive> pending() {
        return List.copyOf(pending.keySet());
    }

    @Override
    public Optional<AutoCloseable> tryLockMaintenance() {
        return Optional.of(() -> { });
    }

    @Override
    public int createPartitions(LocalDate from, LocalDate to) {
        return 0;
    }

    @Override
    public synchronized List<PendingArchive> detachBefore(ArchiveKind kind, LocalDate before, Instant restoredSince) {
        return pending.keySet().stream().filter(p -> p.kind() == kind).toList();
    }

    @Override
    public List<ArchiveColumn> columns(ArchiveKind kind) {
        return List.of(new ArchiveColumn(kind.idColumn(), ArchiveColumn.Type.BIGINT),
                new ArchiveColumn(kind.timeColumn(), ArchiveColumn.Type.TIMESTAMP));
    }

    @Override
    public synchronized ArchiveRows export(PendingArchive day, List<ArchiveColumn> columns, Set<Long> skipIds) {
        long rows = pending.get(day);
        Instant start = day.day().atStartOfDay().toInstant(ZoneOffset.UTC);
        return ArchiveRows.of(sink -> {
            long count = 0;
            for (long id = 1; id <= rows; id++) {
                if (!skipIds.contains(id)) {
                    sink.accept(new Object[] {id, start.plusSeconds(id % 86_400)});
                    count++;
                }
            }
            return count;
        });
    }

    @Override
    public synchronized void dropArchived(PendingArchive day, long archivedRows, Instant at) {
        pending.remove(day);
    }

    @Override
    public synchronized List<LocalDate> dropBefore(RetainedData data, LocalDate before) {
        dropCutoffs.put(data, before);
        return List.of();
    }

    @Override
    public long restore(ArchiveKind kind, LocalDate day, List<ArchiveColumn> columns, ArchiveRows rows, Instant at) {
        long inserted = rows.forEach(row -> { });
        synchronized (this) {
            restored.merge(day, inserted, Long::sum);
        }
        return inserted;
    }

    @Override
    public synchronized StorageFootprint footprint() {
        return new StorageFootprint(Map.of(), Map.of(), Map.of(), pending.size(), Map.of());
    }
}
