package io.sluice.application.port.out;

/** How many records wait in the buffer, not yet stored. Safe for concurrent use. */
public interface MeasureBacklogPort {

    /** The records appended but not yet consumed, or -1 when the buffer cannot tell right now. */
    long backlog();
}
