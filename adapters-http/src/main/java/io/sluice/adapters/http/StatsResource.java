package io.sluice.adapters.http;

import io.sluice.application.port.in.PartitionBacklog;
import io.sluice.application.port.in.PipelineStats;
import io.sluice.application.port.in.QueryPipelineStatsUseCase;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.TreeMap;

/**
 * {@code GET /v1/stats}: stored events (in total and per type), dead letters per reason, metric
 * samples, the buffer backlog ({@code null} when unknown), the Kafka consumer group's lag per
 * partition (empty with the Chronicle buffer, or when unknown) and when the last event was stored.
 * Immutable and thread-safe.
 */
@Path("/v1/stats")
@Produces(MediaType.APPLICATION_JSON)
public final class StatsResource {

    private final QueryPipelineStatsUseCase stats;

    public StatsResource(QueryPipelineStatsUseCase stats) {
        this.stats = Objects.requireNonNull(stats, "stats");
    }

    @GET
    @Access(Access.Level.READ)
    public Response stats() {
        PipelineStats current = stats.stats();
        Map<String, Object> body = new LinkedHashMap<>(8);
        body.put("total_events", current.totalEvents());
        // Sorted, so the document reads the same from one call to the next.
        body.put("events_by_type", new TreeMap<>(current.eventsByType()));
        body.put("dead_letters", new TreeMap<>(current.deadLetters()));
        body.put("metric_samples", current.metricSamples());
        body.put("backlog", current.backlog() < 0 ? null : current.backlog());
        body.put("last_processed_at", current.lastProcessedAt() == null ? null : current.lastProcessedAt().toString());
        List<Map<String, Object>> lag = new ArrayList<>(current.backlogByPartition().size());
        for (PartitionBacklog partition : current.backlogByPartition()) {
            Map<String, Object> entry = new LinkedHashMap<>(2);
            entry.put("partition", partition.partition());
            entry.put("lag", partition.records());
            lag.add(entry);
        }
        body.put("lag_by_partition", lag);
        return JsonCodec.ok(body);
    }
}
