package io.sluice.application.port.in;

import io.sluice.domain.event.EventSource;
import java.util.List;
import java.util.Objects;

/** The checks an ingest command of either kind makes on its request: one rule for events and metric samples. */
final class RequestItems {

    private RequestItems() {
    }

    /** @return an immutable copy of {@code items}, once the request is known to be whole and non-empty */
    static <D> List<Incoming<D>> checked(List<Incoming<D>> items, EventSource source, RouteFamily routeFamily, String origin) {
        Objects.requireNonNull(source, "source");
        Objects.requireNonNull(routeFamily, "routeFamily");
        Objects.requireNonNull(origin, "origin");
        List<Incoming<D>> copy = List.copyOf(items);
        if (copy.isEmpty()) {
            throw new IllegalArgumentException("a request carries at least one item");
        }
        return copy;
    }
}
