package io.sluice.application.port.in;

/** Validates the events of a request and appends them durably to the buffer. Thread-safe. */
public interface IngestEventsUseCase {

    /**
     * Valid events are appended; invalid and unreadable items are appended as dead letters, so
     * nothing is lost. Returns only after the buffer acknowledged all of it.
     *
     * @throws io.sluice.application.port.out.BufferRefusedException when the buffer refused; nothing is acknowledged
     */
    IngestReceipt ingest(IngestEventsCommand command);
}
