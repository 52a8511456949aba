package io.sluice.application.port.out;

/** The families of hot tables that expire by dropping whole partitions (of a day or more), each with its own retention. */
public enum RetainedData {
    /** Ids by their first receipt (dedupe): each kept at least as long as raw events are hot. */
    DEDUPE_IDS,
    /** Minute aggregates and the per-bucket user sets: the late-event window. */
    LATE_WINDOW,
    /** Hourly aggregates, metric aggregates and sketch bins. */
    AGGREGATES,
    DEAD_LETTERS,
    PIPELINE_METRICS
}
