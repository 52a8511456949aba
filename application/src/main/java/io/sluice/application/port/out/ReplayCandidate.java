package io.sluice.application.port.out;

import io.sluice.application.port.in.StoredDeadLetter;
import java.util.Objects;

/** A pending dead letter with its payload decoded again, ready to be validated anew. Immutable. */
public record ReplayCandidate(StoredDeadLetter stored, RecordDraft draft) {
    public ReplayCandidate {
        Objects.requireNonNull(stored, "stored");
        Objects.requireNonNull(draft, "draft");
    }
}
