package io.sluice.application.port.out;

/**
 * The raw data that is archived before its hot day is dropped: events and metric samples. Each
 * row is identified by a numeric column that never changes (the store's own sequence), which is
 * what makes re-archiving and restoring idempotent.
 */
public enum ArchiveKind {
    EVENTS("events", "seq", "timestamp"),
    METRICS("metrics", "id", "timestamp");

    private final String label;
    private final String idColumn;
    private final String timeColumn;

    ArchiveKind(String label, String idColumn, String timeColumn) {
        this.label = label;
        this.idColumn = idColumn;
        this.timeColumn = timeColumn;
    }

    /** The path segment in the archive ({@code <uri>/<label>/date=…}). */
    public String label() {
        return label;
    }

    /** The column whose value identifies a row for its whole life, hot or archived. */
    public String idColumn() {
        return idColumn;
    }

    /** The column of the row's own time, by whose UTC day it is partitioned and archived. */
    public String timeColumn() {
        return timeColumn;
    }
}
