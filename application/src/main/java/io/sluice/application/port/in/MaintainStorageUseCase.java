package io.sluice.application.port.in;

/**
 * Runs the storage lifecycle once: partitions ahead, archive and drop of raw days past the hot
 * retention, retention of the other families. Safe to call concurrently (runs are serialised)
 * and to re-run after a crash at any step.
 */
public interface MaintainStorageUseCase {

    MaintenanceReport maintain();

    /** The outcome of the runs so far, for metrics. */
    StorageStatus status();
}
