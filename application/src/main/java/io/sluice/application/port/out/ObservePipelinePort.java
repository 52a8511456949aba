package io.sluice.application.port.out;

import io.sluice.application.port.in.RouteFamily;
import io.sluice.domain.deadletter.DeadLetterReason;
import io.sluice.domain.deadletter.FailureDecision;
import io.sluice.domain.deadletter.FailureKind;
import java.time.Duration;
import java.util.Map;

/**
 * Where the use cases and adapters report what they did, for metrics. Implementations must be
 * cheap and safe for concurrent use: they are called on the hot path, once per request or batch,
 * never per event. Route families and reasons are bounded sets, so they are safe as labels.
 */
public interface ObservePipelinePort {

    ObservePipelinePort NONE = new ObservePipelinePort() {
    };

    /**
     * A request was validated and appended.
     *
     * @param accepted   items appended as events or samples
     * @param invalid    items that broke the domain rules (dead-lettered)
     * @param malformed  items that could not be read at all (dead-lettered)
     * @param appendTook the buffer append alone
     * @param ingestTook validation and append together
     */
    default void ingested(RouteFamily routeFamily, int accepted, int invalid, int malformed, Duration appendTook, Duration ingestTook) {
    }

    /** A request was refused because the buffer would not take it (503). */
    default void bufferRefused(RouteFamily routeFamily) {
    }

    /** A request was refused by the rate limiter (429). */
    default void rateLimited(RouteFamily routeFamily) {
    }

    /**
     * An ingestion request presented a write key that is not configured and was accepted
     * anonymously, because write keys are not required (Segment's libraries always send one).
     */
    default void unknownWriteKey(RouteFamily routeFamily) {
    }

    /**
     * A consumer batch was committed.
     *
     * @param records      records read from the buffer
     * @param deadLetters  dead letters written, by reason
     * @param storeTook    the successful store call alone (database write latency)
     * @param took         from poll to commit, retries included
     */
    default void batchStored(StoreReport report, int records, Map<DeadLetterReason, Integer> deadLetters, Duration storeTook,
                             Duration took) {
    }

    /** Storing a consumer batch failed and will be retried or isolated. */
    default void storeFailed(FailureKind kind, int attempt) {
    }

    /**
     * Storing a consumer batch failed: the operator's view, reported once per failed attempt of a
     * batch (never per record), beside {@link #storeFailed}.
     *
     * @param records records in the batch
     * @param cause   what the store said
     * @param next    what the consumer does now: retry after a delay, or isolate the records the store refuses
     */
    default void batchFailed(FailureKind kind, int attempt, int records, String cause, FailureDecision next) {
    }
}
