package io.sluice.application.port.out;

import io.sluice.domain.deadletter.FailureKind;
import java.time.Duration;

/**
 * Where the use cases report what they did, for metrics. Implementations must be cheap and safe
 * for concurrent use: they are called on the hot path, once per request or batch, never per event.
 */
public interface ObservePipelinePort {

    ObservePipelinePort NONE = new ObservePipelinePort() {
    };

    /** A request was ingested (appended) with this many accepted and rejected items. */
    default void ingested(String routeFamily, int accepted, int rejected, Duration appendTook) {
    }

    /** A request was refused because the buffer would not take it. */
    default void bufferRefused(String routeFamily) {
    }

    /** A consumer batch was committed. */
    default void batchStored(StoreReport report, int records, Duration took) {
    }

    /** Storing a consumer batch failed and will be retried or isolated. */
    default void storeFailed(FailureKind kind, int attempt) {
    }
}
