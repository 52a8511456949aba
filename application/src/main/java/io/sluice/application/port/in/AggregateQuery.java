package io.sluice.application.port.in;

import io.sluice.domain.aggregate.Granularity;
import io.sluice.domain.event.EventType;
import java.time.Instant;
import java.util.Objects;

/** Buckets of one granularity whose start lies in [from, to), optionally of one event type. Immutable. */
public record AggregateQuery(Granularity granularity, EventType type, Instant from, Instant to) {
    public AggregateQuery {
        Objects.requireNonNull(granularity, "granularity");
        Objects.requireNonNull(from, "from");
        Objects.requireNonNull(to, "to");
        if (!from.isBefore(to)) {
            throw new IllegalArgumentException("from is before to");
        }
    }
}
