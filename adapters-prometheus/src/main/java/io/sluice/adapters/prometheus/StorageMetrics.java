package io.sluice.adapters.prometheus;

import io.prometheus.metrics.core.metrics.GaugeWithCallback;
import io.prometheus.metrics.model.registry.PrometheusRegistry;
import io.sluice.application.port.in.MaintainStorageUseCase;
import io.sluice.application.port.in.StorageStatus;
import io.sluice.application.port.in.StorageFootprint;

/** The storage lifecycle's gauges, read from the last maintenance run. */
public final class StorageMetrics {

    private StorageMetrics() {
    }

    public static void register(MaintainStorageUseCase maintenance, PrometheusRegistry prometheus) {
        GaugeWithCallback.builder().name("sluice_storage_hot_days")
                .help("Day partitions of raw data in the hot store, per kind (events, metrics)").labelNames("kind")
                .callback(callback -> {
                    StorageFootprint footprint = maintenance.status().footprint();
                    if (footprint != null) {
                        footprint.hotDays().forEach((kind, days) -> callback.call(days, kind));
                    }
                }).register(prometheus);
        GaugeWithCallback.builder().name("sluice_storage_archived_days")
                .help("Days recorded as archived to object storage, per kind").labelNames("kind")
                .callback(callback -> {
                    StorageFootprint footprint = maintenance.status().footprint();
                    if (footprint != null) {
                        footprint.archivedDays().forEach((kind, days) -> callback.call(days, kind));
                    }
                }).register(prometheus);
        GaugeWithCallback.builder().name("sluice_storage_archive_lag_days")
                .help("Raw days past the hot retention still in the hot store (0: the archive is up to date)")
                .callback(callback -> callback.call(maintenance.status().archiveLagDays())).register(prometheus);
        GaugeWithCallback.builder().name("sluice_storage_last_successful_archive_timestamp_seconds")
                .help("When a maintenance run last left no raw day past the hot retention (0: never since start)")
                .callback(callback -> {
                    StorageStatus status = maintenance.status();
                    callback.call(status.lastSuccessfulArchive() == null ? 0 : status.lastSuccessfulArchive().getEpochSecond());
                }).register(prometheus);
        GaugeWithCallback.builder().name("sluice_storage_maintenance_failed")
                .help("1 when the last storage maintenance run failed in part")
                .callback(callback -> callback.call(maintenance.status().lastRunFailed() ? 1 : 0)).register(prometheus);
        GaugeWithCallback.builder().name("sluice_storage_table_bytes")
                .help("Bytes on disk per partitioned table, all partitions and indexes").labelNames("table")
                .callback(callback -> {
                    StorageFootprint footprint = maintenance.status().footprint();
                    if (footprint != null) {
                        footprint.bytesByTable().forEach((table, bytes) -> callback.call(bytes, table));
                    }
                }).register(prometheus);
    }
}
