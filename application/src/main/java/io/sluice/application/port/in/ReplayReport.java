package io.sluice.application.port.in;

import java.util.List;
import java.util.Objects;

/**
 * The result of a replay.
 *
 * @param replayed  dead letters that passed validation and were appended to the buffer again
 * @param stillBad  dead letters that failed again; they stay pending, with why
 */
public record ReplayReport(List<Replayed> replayed, List<StillBad> stillBad) {

    public ReplayReport {
        replayed = List.copyOf(replayed);
        stillBad = List.copyOf(stillBad);
    }

    /** A dead letter that became the event or sample with this id. */
    public record Replayed(long deadLetterId, String id) {
        public Replayed {
            Objects.requireNonNull(id, "id");
        }
    }

    /** A dead letter that is still not valid. */
    public record StillBad(long deadLetterId, String reason) {
        public StillBad {
            Objects.requireNonNull(reason, "reason");
        }
    }
}
