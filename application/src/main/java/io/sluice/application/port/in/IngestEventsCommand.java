package io.sluice.application.port.in;

import io.sluice.domain.event.EventDraft;
import io.sluice.domain.event.EventSource;
import java.util.List;

/**
 * Events of one request, to be validated and appended to the buffer as one unit.
 *
 * @param items       the items in request order
 * @param source      whom the events are attributed to
 * @param routeFamily the route family, for metrics ({@code native}, {@code track}, {@code segment}…)
 * @param origin      where they arrived, kept with dead letters (for example {@code POST /v1/events})
 */
public record IngestEventsCommand(List<Incoming<EventDraft>> items, EventSource source, RouteFamily routeFamily, String origin) {
    public IngestEventsCommand {
        items = RequestItems.checked(items, source, routeFamily, origin);
    }
}
