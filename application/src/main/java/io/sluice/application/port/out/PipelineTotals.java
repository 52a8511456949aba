package io.sluice.application.port.out;

/**
 * Counts since this process started.
 *
 * @param itemsAccepted items appended by the ingestion routes
 * @param itemsRejected items refused at ingress (invalid or malformed, dead-lettered)
 * @param deadLetters   dead letters written, every reason
 */
public record PipelineTotals(double eventsPersisted, double eventsDuplicate, double itemsAccepted, double itemsRejected,
                             double deadLetters) {
}
