package io.sluice.application.port.out;

import java.time.Instant;
import java.util.List;

/** Keeps periodic snapshots of the pipeline's own figures for SQL users (seed 003's table). Safe for concurrent use. */
public interface RecordPipelineSnapshotPort {

    /**
     * @throws StoreUnavailableException when the store cannot be reached; the snapshot is skipped
     */
    void record(List<PipelineMeasurement> measurements, Instant at);
}
