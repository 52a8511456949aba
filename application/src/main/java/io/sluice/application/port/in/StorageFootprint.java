package io.sluice.application.port.in;

import java.time.LocalDate;
import java.util.Map;

/**
 * How much the hot store holds.
 *
 * @param hotDays        day partitions attached per raw kind (by its label: events, metrics)
 * @param oldestHotDay   the oldest attached day per raw kind (absent when none)
 * @param archivedDays   days recorded as archived per raw kind
 * @param pendingArchive partitions detached and not yet archived and dropped
 * @param bytesByTable   bytes on disk per parent table (all its partitions and indexes)
 */
public record StorageFootprint(Map<String, Integer> hotDays, Map<String, LocalDate> oldestHotDay,
                               Map<String, Integer> archivedDays, int pendingArchive, Map<String, Long> bytesByTable) {

    public StorageFootprint {
        hotDays = Map.copyOf(hotDays);
        oldestHotDay = Map.copyOf(oldestHotDay);
        archivedDays = Map.copyOf(archivedDays);
        bytesByTable = Map.copyOf(bytesByTable);
    }
}
