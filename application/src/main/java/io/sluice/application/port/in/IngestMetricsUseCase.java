package io.sluice.application.port.in;

/** Validates the metric samples of a request and appends them durably to the buffer. Thread-safe. */
public interface IngestMetricsUseCase {

    /** @see IngestEventsUseCase#ingest */
    IngestReceipt ingest(IngestMetricsCommand command);
}
