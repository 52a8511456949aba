package io.sluice.adapters.http;

import io.sluice.application.port.in.MetricQuery;
import io.sluice.application.port.in.QueryMetricsUseCase;
import io.sluice.domain.metric.MetricName;
import io.sluice.domain.metric.MetricSummary;
import io.sluice.domain.metric.MetricWindow;
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
 * {@code GET /v1/metrics/aggregates?window=1m|5m|1h&name=&from=&to=}: count, sum, min, max, avg
 * and p95 per metric series and bucket. Defaults: 1-minute windows over the last 24 hours (see
 * {@link TimeRange}). Immutable and thread-safe.
 */
@Path("/v1/metrics/aggregates")
@Produces(MediaType.APPLICATION_JSON)
public final class MetricAggregatesResource {

    private final QueryMetricsUseCase metrics;
    private final Clock clock;

    public MetricAggregatesResource(QueryMetricsUseCase metrics, Clock clock) {
        this.metrics = Objects.requireNonNull(metrics, "metrics");
        this.clock = Objects.requireNonNull(clock, "clock");
    }

    @GET
    @Access(Access.Level.READ)
    public Response aggregates(@QueryParam("window") String window,
                               @QueryParam("name") String name,
                               @QueryParam("from") String from,
                               @QueryParam("to") String to) {
        MetricWindow width = QueryParameters.absent(window) ? MetricWindow.ONE_MINUTE
                : QueryParameters.converted("window", window, MetricWindow::fromLabel);
        MetricName metricName = QueryParameters.converted("name", name, MetricName::new);
        TimeRange range = TimeRange.resolve(from, to, clock.instant(), width::bucketOf, widthOf(width));
        List<MetricSummary> summaries = metrics.summaries(new MetricQuery(width, metricName, range.from(), range.to()));
        List<Map<String, Object>> views = new ArrayList<>(summaries.size());
        for (MetricSummary summary : summaries) {
            Map<String, Object> view = new LinkedHashMap<>(12);
            view.put("bucket_start", summary.key().bucketStart().toString());
            view.put("name", summary.key().name().value());
            view.put("labels", summary.key().labels().asMap());
            view.put("count", summary.count());
            view.put("sum", summary.sum());
            view.put("min", summary.min());
            view.put("max", summary.max());
            view.put("avg", summary.avg());
            view.put("p95", summary.p95());
            views.add(view);
        }
        Map<String, Object> body = new LinkedHashMap<>(4);
        body.put("window", width.label());
        body.put("from", range.from().toString());
        body.put("to", range.to().toString());
        body.put("aggregates", views);
        return JsonCodec.ok(body);
    }

    private static Duration widthOf(MetricWindow window) {
        return switch (window) {
            case ONE_MINUTE -> Duration.ofMinutes(1);
            case FIVE_MINUTES -> Duration.ofMinutes(5);
            case ONE_HOUR -> Duration.ofHours(1);
        };
    }
}
