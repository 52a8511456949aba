package io.sluice.application.port.in;

import java.util.List;

/** The per-item answer to an ingest request, in request order. Immutable. */
public record IngestReceipt(List<ItemOutcome> outcomes) {
    public IngestReceipt {
        outcomes = List.copyOf(outcomes);
    }

    public long accepted() {
        // A loop, not a stream: asked on every ingest request, where the stream's set-up cost ~0.3 µs.
        long accepted = 0;
        for (ItemOutcome outcome : outcomes) {
            if (outcome instanceof ItemOutcome.Accepted) {
                accepted++;
            }
        }
        return accepted;
    }

    public long rejected() {
        return outcomes.size() - accepted();
    }
}
