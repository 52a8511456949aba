package io.sluice.adapters.prometheus;

import io.sluice.application.port.in.RouteFamily;
import io.sluice.application.port.out.ObservePipelinePort;
import io.sluice.application.port.out.StoreReport;
import io.sluice.domain.deadletter.DeadLetterReason;
import io.sluice.domain.deadletter.FailureDecision;
import io.sluice.domain.deadletter.FailureKind;
import java.time.Duration;
import java.util.Map;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The consumer's observer: passes everything on to the metrics and writes the operator's log line
 * for every failed attempt to store a batch (a database outage, a refusal, poison isolation) and
 * for every batch that set records aside as poison. One line per batch attempt, never per record;
 * during an outage the backoff spaces the lines (at most one per {@code consumer.maxBackoff}).
 * Thread-safe as its delegate.
 */
public final class ConsumerLog implements ObservePipelinePort {

    private static final Logger LOG = LoggerFactory.getLogger(ConsumerLog.class);

    private final String name;
    private final ObservePipelinePort metrics;

    public ConsumerLog(String name, ObservePipelinePort metrics) {
        this.name = name;
        this.metrics = metrics;
    }

    @Override
    public void ingested(RouteFamily routeFamily, int accepted, int invalid, int malformed, Duration appendTook, Duration ingestTook) {
        metrics.ingested(routeFamily, accepted, invalid, malformed, appendTook, ingestTook);
    }

    @Override
    public void bufferRefused(RouteFamily routeFamily) {
        metrics.bufferRefused(routeFamily);
    }

    @Override
    public void rateLimited(RouteFamily routeFamily) {
        metrics.rateLimited(routeFamily);
    }

    @Override
    public void batchStored(StoreReport report, int records, Map<DeadLetterReason, Integer> deadLetters, Duration storeTook,
                            Duration took) {
        metrics.batchStored(report, records, deadLetters, storeTook, took);
        Integer isolated = deadLetters.get(DeadLetterReason.RETRIES_EXHAUSTED);
        if (isolated != null && isolated > 0) {
            LOG.warn("{} stored a batch of {} records and set {} the database refused aside as retries_exhausted dead letters"
                    + " (GET /v1/dead-letters?reason=retries_exhausted)", name, records, isolated);
        }
    }

    @Override
    public void storeFailed(FailureKind kind, int attempt) {
        metrics.storeFailed(kind, attempt);
    }

    @Override
    public void batchFailed(FailureKind kind, int attempt, int records, String cause, FailureDecision next) {
        metrics.batchFailed(kind, attempt, records, cause, next);
        String then = next instanceof FailureDecision.RetryAfter retry
                ? "retrying in " + retry.delay().toMillis() + " ms"
                : "storing it again record by record, refused records become dead letters";
        LOG.warn("{} could not store a batch of {} records (attempt {}, {}): {}; {}", name, records, attempt,
                kind.name().toLowerCase(java.util.Locale.ROOT), cause, then);
    }
}
