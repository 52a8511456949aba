package io.sluice.application.port.in;

import java.util.List;

/** The per-item answer to an ingest request, in request order. Immutable. */
public record IngestReceipt(List<ItemOutcome> outcomes) {
    public IngestReceipt {
        outcomes = List.copyOf(outcomes);
    }

    public long accepted() {
        return outcomes.stream().filter(o -> o instanceof ItemOutcome.Accepted).count();
    }

    public long rejected() {
        return outcomes.size() - accepted();
    }
}
