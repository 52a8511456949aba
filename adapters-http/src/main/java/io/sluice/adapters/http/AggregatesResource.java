package io.sluice.adapters.http;

import io.sluice.application.port.in.AggregateQuery;
import io.sluice.application.port.in.QueryAggregatesUseCase;
import io.sluice.domain.aggregate.AggregateTotals;
import io.sluice.domain.aggregate.Granularity;
import io.sluice.domain.event.EventType;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * {@code GET /v1/aggregates?granularity=minute|hour&type=&from=&to=}: event counts, unique users
 * and durations per bucket and event type, the open bucket included. Defaults: hourly, the last
 * 24 hours (see {@link TimeRange}). Immutable and thread-safe.
 */
@Path("/v1/aggregates")
@Produces(MediaType.APPLICATION_JSON)
public final class AggregatesResource {

    private final QueryAggregatesUseCase aggregates;
    private final Clock clock;

    public AggregatesResource(QueryAggregatesUseCase aggregates, Clock clock) {
        this.aggregates = Objects.requireNonNull(aggregates, "aggregates");
        this.clock = Objects.requireNonNull(clock, "clock");
    }

    @GET
    @Access(Access.Level.READ)
    public Response aggregates(@QueryParam("granularity") String granularity,
                               @QueryParam("type") String type,
                               @QueryParam("from") String from,
                               @QueryParam("to") String to) {
        Granularity width = QueryParameters.absent(granularity) ? Granularity.HOUR
                : QueryParameters.converted("granularity", granularity, Granularity::fromLabel);
        EventType eventType = QueryParameters.converted("type", type, EventType::new);
        Duration bucket = width == Granularity.MINUTE ? Duration.ofMinutes(1) : Duration.ofHours(1);
        TimeRange range = TimeRange.resolve(from, to, clock.instant(), width::bucketOf, bucket);
        List<AggregateTotals> totals = aggregates.aggregates(new AggregateQuery(width, eventType, range.from(), range.to()));
        List<Map<String, Object>> views = new ArrayList<>(totals.size());
        for (AggregateTotals total : totals) {
            Map<String, Object> view = new LinkedHashMap<>(8);
            view.put("bucket_start", total.key().bucketStart().toString());
            view.put("event_type", total.key().type().value());
            view.put("total_events", total.totalEvents());
            view.put("unique_users", total.uniqueUsers());
            view.put("total_duration_seconds", total.totalDurationSeconds());
            view.put("avg_duration_seconds", total.avgDurationSeconds());
            views.add(view);
        }
        Map<String, Object> body = new LinkedHashMap<>(4);
        body.put("granularity", width.label());
        body.put("from", range.from().toString());
        body.put("to", range.to().toString());
        body.put("aggregates", views);
        return JsonCodec.ok(body);
    }
}
