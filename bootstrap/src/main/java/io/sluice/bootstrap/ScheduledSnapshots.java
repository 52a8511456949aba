package io.sluice.bootstrap;

import io.dropwizard.lifecycle.Managed;
import io.sluice.application.port.out.StoreException;
import io.sluice.application.service.PipelineSnapshots;
import java.time.Duration;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** Takes a pipeline snapshot every interval on one daemon thread; one that cannot be written is skipped. */
final class ScheduledSnapshots implements Managed {

    private static final Logger LOG = LoggerFactory.getLogger(ScheduledSnapshots.class);

    private final PipelineSnapshots snapshots;
    private final Duration interval;
    private ScheduledExecutorService timer;

    ScheduledSnapshots(PipelineSnapshots snapshots, Duration interval) {
        this.snapshots = snapshots;
        this.interval = interval;
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

    private void snapshot() {
        try {
            snapshots.snapshot();
        } catch (StoreException unavailable) {
            LOG.warn("Skipped a pipeline_metrics snapshot: {}", unavailable.getMessage());
        }
    }

    @Override
    public void stop() throws InterruptedException {
        timer.shutdownNow();
        timer.awaitTermination(5, TimeUnit.SECONDS);
    }
}
