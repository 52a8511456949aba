package io.sluice.bootstrap;

import com.codahale.metrics.health.HealthCheck;
import io.sluice.application.port.out.MeasureBacklogPort;

/** Healthy while the buffer answers and has room; unhealthy when ingress would answer 503. */
final class BufferHealthCheck extends HealthCheck {

    private final MeasureBacklogPort backlog;
    private final long limit;

    BufferHealthCheck(MeasureBacklogPort backlog, long limit) {
        this.backlog = backlog;
        this.limit = limit;
    }

    @Override
    protected Result check() {
        long records = backlog.backlog();
        if (records < 0) {
            return Result.unhealthy("the buffer does not answer");
        }
        if (records >= limit) {
            return Result.unhealthy("the backlog of %d records reached its limit of %d: ingress refuses writes", records, limit);
        }
        return Result.builder().healthy().withDetail("backlog", records).build();
    }
}
