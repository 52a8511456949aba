package io.sluice.application.port.in;

/**
 * What one consumer cycle did.
 *
 * @param records      records read from the buffer (a cycle may store several batches)
 * @param eventsStored events stored for the first time
 * @param duplicates   events skipped because their id was stored already (in this batch or before)
 * @param samplesStored metric samples stored
 * @param deadLettered records set aside
 * @param attempts     store attempts the cycle's batches needed at most (0 for an empty poll, or when none committed)
 */
public record ConsumeReport(int records, int eventsStored, int duplicates, int samplesStored, int deadLettered, int attempts) {
    public static final ConsumeReport IDLE = new ConsumeReport(0, 0, 0, 0, 0, 0);
}
