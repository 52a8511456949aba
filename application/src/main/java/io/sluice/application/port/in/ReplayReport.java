package io.sluice.application.port.in;

import java.util.List;

/**
 * The result of a replay over many dead letters. Immutable.
 *
 * @param replayed     dead letters that passed validation and were appended to the buffer again
 * @param stillInvalid dead letters that failed again; they stay pending, with why
 */
public record ReplayReport(List<ReplayOutcome.Replayed> replayed, List<ReplayOutcome.StillInvalid> stillInvalid) {

    public ReplayReport {
        replayed = List.copyOf(replayed);
        stillInvalid = List.copyOf(stillInvalid);
    }
}
