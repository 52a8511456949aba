package io.sluice.bootstrap;

import com.codahale.metrics.health.HealthCheck;
import io.sluice.application.port.out.MeasureBacklogPort;
import java.time.Duration;

/**
 * Unhealthy when records wait in the buffer but the consumer has not completed a cycle for a while
 * (database down, stuck), and at once when the consumer thread ended although the server runs on.
 */
final class ConsumerHealthCheck extends HealthCheck {

    private final ConsumerLoop loop;
    private final MeasureBacklogPort backlog;
    private final Duration stallAfter;

    ConsumerHealthCheck(ConsumerLoop loop, MeasureBacklogPort backlog, Duration stallAfter) {
        this.loop = loop;
        this.backlog = backlog;
        this.stallAfter = stallAfter;
    }

    @Override
    protected Result check() {
        String ended = loop.endedWhileRunning();
        if (ended != null) {
            return Result.unhealthy("the consumer thread stopped %s", ended);
        }
        long idleMillis = System.currentTimeMillis() - loop.lastProgressMillis();
        long waiting = backlog.backlog();
        if (waiting > 0 && idleMillis > stallAfter.toMillis()) {
            return Result.unhealthy("%d records wait but the consumer made no progress for %d s", waiting, idleMillis / 1000);
        }
        return Result.builder().healthy().withDetail("backlog", waiting).withDetail("last_progress_ms_ago", idleMillis).build();
    }
}
