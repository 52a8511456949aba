package io.sluice.application.port.in;

import java.time.Duration;
import java.util.Objects;

/**
 * How long each kind of data stays in the hot store; everything expires by whole UTC days.
 *
 * @param hot          raw events and metric samples (archived, then dropped), and the dedupe window
 * @param lateWindow   minute aggregates and per-bucket user sets: a late event older than this
 *                     still counts in the hourly totals, but its users may be counted again
 * @param aggregates   hourly aggregates, metric aggregates and sketch bins
 * @param deadLetters  dead letters
 * @param pipelineMetrics seed 003's pipeline metric snapshots
 * @param restoreHold  how long a restored day stays hot before it is dropped again
 */
public record StorageRetention(Duration hot, Duration lateWindow, Duration aggregates, Duration deadLetters,
                               Duration pipelineMetrics, Duration restoreHold) {

    public StorageRetention {
        for (Duration d : new Duration[] {hot, lateWindow, aggregates, deadLetters, pipelineMetrics, restoreHold}) {
            Objects.requireNonNull(d, "retention");
            if (d.isNegative()) {
                throw new IllegalArgumentException("a retention is not negative: " + d);
            }
        }
        if (hot.toDays() < 1) {
            throw new IllegalArgumentException("the hot retention is at least one day (got " + hot + ")");
        }
    }

    /** The defaults of issue 16: 7 days hot and late, 400 days of aggregates, 30 days of dead letters. */
    public static StorageRetention defaults() {
        return new StorageRetention(Duration.ofDays(7), Duration.ofDays(7), Duration.ofDays(400), Duration.ofDays(30),
                Duration.ofDays(30), Duration.ofDays(1));
    }
}
