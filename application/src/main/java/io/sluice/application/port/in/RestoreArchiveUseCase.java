package io.sluice.application.port.in;

import java.time.LocalDate;

/**
 * Puts an archived day back into the hot store for querying. Touches no aggregate; restoring the
 * same day twice inserts nothing the second time. The day stays hot for the restore hold, then
 * maintenance drops it again (without archiving its rows a second time).
 */
public interface RestoreArchiveUseCase {

    /** @return rows inserted per kind */
    RestoreReport restore(LocalDate day);

    /**
     * @param day      the day restored
     * @param archived rows the archive holds for the day, per kind
     * @param inserted rows put back into the hot store, per kind
     */
    record RestoreReport(LocalDate day, java.util.Map<String, Long> archived, java.util.Map<String, Long> inserted) {
    }
}
