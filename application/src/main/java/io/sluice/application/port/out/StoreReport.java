package io.sluice.application.port.out;

/**
 * What a stored batch changed.
 *
 * @param eventsStored    events stored for the first time
 * @param duplicates      events whose id was already stored (skipped, not counted again)
 * @param samplesStored   metric samples stored for the first time
 * @param deadLettered    dead letters set aside, including records isolated as poison (one whose record was
 *                        set aside on an earlier read of the batch, keyed alike, is not stored twice)
 */
public record StoreReport(int eventsStored, int duplicates, int samplesStored, int deadLettered) {
}
