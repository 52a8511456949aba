package io.sluice.application.service;

import io.sluice.application.port.in.ConsumeReport;

/** Adds up the reports of the batches one consumer cycle committed. Not thread-safe. */
final class ConsumeTotals {

    private int records;
    private int eventsStored;
    private int duplicates;
    private int samplesStored;
    private int deadLettered;
    private int attempts;

    void add(ConsumeReport batch) {
        records += batch.records();
        eventsStored += batch.eventsStored();
        duplicates += batch.duplicates();
        samplesStored += batch.samplesStored();
        deadLettered += batch.deadLettered();
        attempts = Math.max(attempts, batch.attempts());
    }

    /** The cycle's report; its attempts are the most any of its batches needed. */
    ConsumeReport report() {
        return new ConsumeReport(records, eventsStored, duplicates, samplesStored, deadLettered, attempts);
    }
}
