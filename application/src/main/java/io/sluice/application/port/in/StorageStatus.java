package io.sluice.application.port.in;

import java.time.Instant;

/**
 * The storage lifecycle as metrics show it.
 *
 * @param footprint          the hot store's days and bytes (null before the first run)
 * @param archiveLagDays     raw days past the hot retention that are still in the hot store
 * @param lastSuccessfulArchive the end of the last run that archived everything due (null: never)
 * @param lastRunFailed      whether the last run reported a failure
 */
public record StorageStatus(StorageFootprint footprint, int archiveLagDays, Instant lastSuccessfulArchive, boolean lastRunFailed) {
}
