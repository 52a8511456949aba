package io.sluice.application.port.out;

import io.sluice.application.port.in.AggregateQuery;
import io.sluice.domain.aggregate.AggregateTotals;
import java.util.List;

/** Reads event aggregates, open buckets included. Safe for concurrent use. */
public interface LoadAggregatesPort {

    /** Totals ordered by bucket start, then event type. */
    List<AggregateTotals> load(AggregateQuery query);
}
