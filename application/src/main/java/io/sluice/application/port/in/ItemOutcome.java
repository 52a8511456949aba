package io.sluice.application.port.in;

import io.sluice.domain.event.Violation;
import java.util.List;
import java.util.Objects;

/** What became of one item of an ingest request. Immutable. */
public sealed interface ItemOutcome permits ItemOutcome.Accepted, ItemOutcome.Rejected {

    /** Durably buffered under this id; it will be stored exactly once. */
    record Accepted(String id) implements ItemOutcome {
        public Accepted {
            Objects.requireNonNull(id, "id");
        }
    }

    /** Not accepted; kept as a dead letter with these violations. */
    record Rejected(List<Violation> violations) implements ItemOutcome {
        public Rejected {
            violations = List.copyOf(violations);
        }
    }
}
