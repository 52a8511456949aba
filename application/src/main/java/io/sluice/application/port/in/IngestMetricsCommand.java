package io.sluice.application.port.in;

import io.sluice.domain.event.EventSource;
import io.sluice.domain.metric.MetricDraft;
import java.util.List;
import java.util.Objects;

/** Metric samples of one request, validated and appended as one unit. See {@link IngestEventsCommand}. */
public record IngestMetricsCommand(List<Incoming<MetricDraft>> items, EventSource source, RouteFamily routeFamily, String origin) {
    public IngestMetricsCommand {
        items = List.copyOf(items);
        Objects.requireNonNull(source, "source");
        Objects.requireNonNull(routeFamily, "routeFamily");
        Objects.requireNonNull(origin, "origin");
        if (items.isEmpty()) {
            throw new IllegalArgumentException("a request carries at least one item");
        }
    }
}
