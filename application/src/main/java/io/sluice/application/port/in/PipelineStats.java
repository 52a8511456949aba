package io.sluice.application.port.in;

import java.time.Instant;
import java.util.Map;

/**
 * The pipeline at a glance (the stats route).
 *
 * @param totalEvents     stored events
 * @param eventsByType    stored events per type
 * @param deadLetters     dead letters per reason
 * @param metricSamples   stored metric samples
 * @param backlog         records waiting in the buffer, or -1 when unknown
 * @param lastProcessedAt when the newest event was stored, or {@code null}
 */
public record PipelineStats(long totalEvents, Map<String, Long> eventsByType, Map<String, Long> deadLetters, long metricSamples,
                            long backlog, Instant lastProcessedAt) {
    public PipelineStats {
        eventsByType = Map.copyOf(eventsByType);
        deadLetters = Map.copyOf(deadLetters);
    }
}
