package io.sluice.application.port.in;

import io.sluice.domain.aggregate.AggregateTotals;
import java.util.List;

/** Reads event aggregates per minute or hour, including the bucket still open. Thread-safe. */
public interface QueryAggregatesUseCase {
    List<AggregateTotals> aggregates(AggregateQuery query);
}
