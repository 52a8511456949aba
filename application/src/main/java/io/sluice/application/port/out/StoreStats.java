package io.sluice.application.port.out;

import java.time.Instant;
import java.util.Map;

/**
 * Totals of the store for the stats route.
 *
 * @param totalEvents       stored events
 * @param eventsByType      stored events per type
 * @param deadLetters       dead letters per reason label
 * @param metricSamples     stored metric samples
 * @param lastProcessedAt   when the newest event was stored, or {@code null}
 */
public record StoreStats(long totalEvents, Map<String, Long> eventsByType, Map<String, Long> deadLetters, long metricSamples, Instant lastProcessedAt) {
    public StoreStats {
        eventsByType = Map.copyOf(eventsByType);
        deadLetters = Map.copyOf(deadLetters);
    }
}
