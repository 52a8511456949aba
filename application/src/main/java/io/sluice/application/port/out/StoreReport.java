package io.sluice.application.port.out;

/**
 * What a stored batch changed.
 *
 * @param eventsStored    events stored for the first time
 * @param duplicates      events whose id was already stored (skipped, not counted again)
 * @param samplesStored   metric samples stored for the first time
 * @param deadLettered    dead letters written, including records isolated as poison
 */
public record StoreReport(int eventsStored, int duplicates, int samplesStored, int deadLettered) {
}
