package io.sluice.adapters.postgres;

import io.sluice.application.port.out.PipelineMeasurement;
import io.sluice.application.port.out.RecordPipelineSnapshotPort;
import java.sql.Timestamp;
import java.time.Instant;
import java.util.List;
import org.jdbi.v3.core.Jdbi;
import org.jdbi.v3.core.statement.PreparedBatch;

/**
 * Writes pipeline snapshots into {@code pipeline_metrics}, one batched statement per snapshot.
 * Thread-safe.
 */
public final class PipelineSnapshotWriter implements RecordPipelineSnapshotPort {

    private final Jdbi jdbi;
    private final DayPartitions partitions;

    public PipelineSnapshotWriter(Jdbi jdbi) {
        this.jdbi = jdbi;
        this.partitions = new DayPartitions(jdbi, java.time.Clock.systemUTC());
    }

    @Override
    public void record(List<PipelineMeasurement> measurements, Instant at) {
        if (measurements.isEmpty()) {
            return;
        }
        partitions.ensure("pipeline_metrics", DayPartitions.day(at));
        StoreFailures.guard("record a pipeline snapshot", () -> {
            jdbi.useHandle(handle -> {
                PreparedBatch batch = handle.prepareBatch("INSERT INTO pipeline_metrics (metric_name, metric_value, labels, recorded_at) "
                        + "VALUES (:name, :value, CAST(:labels AS jsonb), :at)");
                for (PipelineMeasurement measurement : measurements) {
                    batch.bind("name", measurement.name())
                            .bind("value", measurement.value())
                            .bind("labels", JsonCodec.write(measurement.labels()))
                            .bind("at", Timestamp.from(at))
                            .add();
                }
                batch.execute();
            });
            return null;
        });
    }
}
