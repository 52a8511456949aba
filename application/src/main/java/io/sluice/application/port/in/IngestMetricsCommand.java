package io.sluice.application.port.in;

import io.sluice.domain.event.EventSource;
import io.sluice.domain.metric.MetricDraft;
import java.util.List;

/** Metric samples of one request, validated and appended as one unit. See {@link IngestEventsCommand}. */
public record IngestMetricsCommand(List<Incoming<MetricDraft>> items, EventSource source, RouteFamily routeFamily, String origin) {
    public IngestMetricsCommand {
        items = RequestItems.checked(items, source, routeFamily, origin);
    }
}
