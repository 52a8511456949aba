package io.sluice.bootstrap;

import io.dropwizard.lifecycle.Managed;
import io.sluice.application.port.in.MaintainStorageUseCase;
import io.sluice.application.port.in.MaintenanceReport;
import java.time.Duration;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** Runs storage maintenance at start-up and then every interval on one daemon thread. */
final class ScheduledMaintenance implements Managed {

    private static final Logger LOG = LoggerFactory.getLogger(ScheduledMaintenance.class);

    private final MaintainStorageUseCase maintenance;
    private final Duration interval;
    private ScheduledExecutorService executor;

    ScheduledMaintenance(MaintainStorageUseCase maintenance, Duration interval) {
        this.maintenance = maintenance;
        this.interval = interval;
    }

    @Override
    public void start() {
        executor = Executors.newSingleThreadScheduledExecutor(runnable -> {
            Thread thread = new Thread(runnable, "sluice-storage-maintenance");
            thread.setDaemon(true);
            return thread;
        });
        executor.scheduleWithFixedDelay(this::runOnce, 0, interval.toMillis(), TimeUnit.MILLISECONDS);
    }

    private void runOnce() {
        try {
            MaintenanceReport report = maintenance.maintain();
            if (!report.failures().isEmpty()) {
                LOG.warn("Storage maintenance failed in part (the affected rows stay hot, the next run retries): {}", report.failures());
            } else if (!report.archived().isEmpty() || !report.dropped().isEmpty()) {
                LOG.info("Storage maintenance archived {} and dropped {}", report.archived().size() + " day(s)", report.dropped());
            }
        } catch (RuntimeException failed) {
            LOG.warn("Storage maintenance failed; the next run retries", failed);
        }
    }

    @Override
    public void stop() throws InterruptedException {
        if (executor != null) {
            executor.shutdownNow();
            executor.awaitTermination(30, TimeUnit.SECONDS);
        }
    }
}
