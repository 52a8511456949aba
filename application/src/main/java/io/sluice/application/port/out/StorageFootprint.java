package io.sluice.application.port.out;

import java.time.LocalDate;
import java.util.Map;

/**
 * How much the hot store holds.
 *
 * @param hotDays        day partitions attached per raw kind
 * @param oldestHotDay   the oldest attached day per raw kind (absent when none)
 * @param archivedDays   days recorded as archived per raw kind
 * @param pendingArchive partitions detached and not yet archived and dropped
 * @param bytesByTable   bytes on disk per parent table (all its partitions and indexes)
 */
public record StorageFootprint(Map<ArchiveKind, Integer> hotDays, Map<ArchiveKind, LocalDate> oldestHotDay,
                               Map<ArchiveKind, Integer> archivedDays, int pendingArchive, Map<String, Long> bytesByTable) {

    public StorageFootprint {
        hotDays = Map.copyOf(hotDays);
        oldestHotDay = Map.copyOf(oldestHotDay);
        archivedDays = Map.copyOf(archivedDays);
        bytesByTable = Map.copyOf(bytesByTable);
    }
}
