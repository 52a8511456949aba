package io.sluice.application.service;

import io.sluice.application.port.out.MeasureBacklogPort;
import io.sluice.application.port.out.PipelineMeasurement;
import io.sluice.application.port.out.PipelineTotals;
import io.sluice.application.port.out.ReadPipelineTotalsPort;
import io.sluice.application.port.out.RecordPipelineSnapshotPort;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * This instance's pipeline figures as rows of {@code pipeline_metrics}, for the SQL users of seed
 * 003 (Prometheus remains the primary view); the caller takes one every interval. A snapshot that
 * cannot be written is lost, never retried: the next one supersedes it. Thread-safe.
 */
public final class PipelineSnapshots {

    private final ReadPipelineTotalsPort metrics;
    private final MeasureBacklogPort backlog;
    private final RecordPipelineSnapshotPort store;
    private final Clock clock;
    private final String instance;
    private double lastPersisted = Double.NaN;
    private Instant lastAt;

    /** @param instance names this instance in every row (the host and the application port) */
    public PipelineSnapshots(ReadPipelineTotalsPort metrics, MeasureBacklogPort backlog, RecordPipelineSnapshotPort store,
                             Clock clock, String instance) {
        this.metrics = metrics;
        this.backlog = backlog;
        this.store = store;
        this.clock = clock;
        this.instance = instance;
    }

    /**
     * Writes one snapshot; the rate since the previous one counts even if that one was not written.
     *
     * @throws io.sluice.application.port.out.StoreException when the store cannot take it; the snapshot is lost
     */
    public synchronized void snapshot() {
        Instant now = clock.instant();
        Map<String, String> labels = Map.of("instance", instance);
        PipelineTotals totals = metrics.totals();
        double persisted = totals.eventsPersisted();
        List<PipelineMeasurement> figures = new ArrayList<>();
        figures.add(new PipelineMeasurement("events_persisted_total", persisted, labels));
        figures.add(new PipelineMeasurement("events_duplicate_total", totals.eventsDuplicate(), labels));
        figures.add(new PipelineMeasurement("events_accepted_total", totals.itemsAccepted(), labels));
        figures.add(new PipelineMeasurement("events_rejected_total", totals.itemsRejected(), labels));
        figures.add(new PipelineMeasurement("dead_letters_total", totals.deadLetters(), labels));
        figures.add(new PipelineMeasurement("buffer_backlog_records", backlog.backlog(), labels));
        if (lastAt != null && !Double.isNaN(lastPersisted)) {
            double seconds = Duration.between(lastAt, now).toMillis() / 1000.0;
            if (seconds > 0) {
                figures.add(new PipelineMeasurement("events_persisted_per_second", (persisted - lastPersisted) / seconds, labels));
            }
        }
        lastPersisted = persisted;
        lastAt = now;
        store.record(figures, now);
    }
}
