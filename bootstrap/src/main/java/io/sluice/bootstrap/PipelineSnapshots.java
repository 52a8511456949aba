package io.sluice.bootstrap;

import io.dropwizard.lifecycle.Managed;
import io.sluice.application.port.out.MeasureBacklogPort;
import io.sluice.application.port.out.PipelineMeasurement;
import io.sluice.application.port.out.RecordPipelineSnapshotPort;
import io.sluice.application.port.out.StoreException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Writes this instance's pipeline figures into {@code pipeline_metrics} every interval, for the
 * SQL users of seed 003 (Prometheus remains the primary view). A snapshot that cannot be written
 * is skipped, never retried: the next one supersedes it. Thread-safe.
 */
final class PipelineSnapshots implements Managed {

    private static final Logger LOG = LoggerFactory.getLogger(PipelineSnapshots.class);

    private final PrometheusPipelineMetrics metrics;
    private final MeasureBacklogPort backlog;
    private final RecordPipelineSnapshotPort store;
    private final Clock clock;
    private final Duration interval;
    private final String instance;
    private ScheduledExecutorService timer;
    private double lastPersisted = Double.NaN;
    private Instant lastAt;

    PipelineSnapshots(PrometheusPipelineMetrics metrics, MeasureBacklogPort backlog, RecordPipelineSnapshotPort store,
                      Clock clock, Duration interval, String instance) {
        this.metrics = metrics;
        this.backlog = backlog;
        this.store = store;
        this.clock = clock;
        this.interval = interval;
        this.instance = instance;
    }

    @Override
    public void start() {
        timer = Executors.newSingleThreadScheduledExecutor(runnable -> {
            Thread thread = new Thread(runnable, "sluice-pipeline-snapshots");
            thread.setDaemon(true);
            return thread;
        });
        timer.scheduleAtFixedRate(this::snapshot, interval.toMillis(), interval.toMillis(), TimeUnit.MILLISECONDS);
    }

    @Override
    public void stop() throws InterruptedException {
        timer.shutdownNow();
        timer.awaitTermination(5, TimeUnit.SECONDS);
    }

    synchronized void snapshot() {
        Instant now = clock.instant();
        Map<String, String> labels = Map.of("instance", instance);
        double persisted = metrics.eventsPersisted();
        List<PipelineMeasurement> figures = new ArrayList<>();
        figures.add(new PipelineMeasurement("events_persisted_total", persisted, labels));
        figures.add(new PipelineMeasurement("events_duplicate_total", metrics.eventsDuplicate(), labels));
        figures.add(new PipelineMeasurement("events_accepted_total", metrics.itemsAccepted(), labels));
        figures.add(new PipelineMeasurement("events_rejected_total", metrics.itemsRejected(), labels));
        figures.add(new PipelineMeasurement("dead_letters_total", metrics.deadLetters(), labels));
        figures.add(new PipelineMeasurement("buffer_backlog_records", backlog.backlog(), labels));
        if (lastAt != null && !Double.isNaN(lastPersisted)) {
            double seconds = Duration.between(lastAt, now).toMillis() / 1000.0;
            if (seconds > 0) {
                figures.add(new PipelineMeasurement("events_persisted_per_second", (persisted - lastPersisted) / seconds, labels));
            }
        }
        lastPersisted = persisted;
        lastAt = now;
        try {
            store.record(figures, now);
        } catch (StoreException unavailable) {
            LOG.warn("Skipped a pipeline_metrics snapshot: {}", unavailable.getMessage());
        }
    }
}
