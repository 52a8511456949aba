package io.sluice.adapters.prometheus;

import io.prometheus.metrics.core.metrics.Counter;
import io.prometheus.metrics.model.registry.PrometheusRegistry;
import io.sluice.application.port.out.ObserveSchemaViolationsPort;
import io.sluice.domain.schema.Enforcement;

/**
 * {@code sluice_schema_violations_total{event_type, enforcement}}: events that broke their type's
 * schema, stored and flagged ({@code warn}) or refused ({@code block}). Event types without a
 * schema count under {@code (unregistered)}, so label values stay bounded by the registered types.
 * Thread-safe.
 */
public final class PrometheusSchemaMetrics implements ObserveSchemaViolationsPort {

    private final Counter violations;

    public PrometheusSchemaMetrics(PrometheusRegistry registry) {
        violations = Counter.builder().name("sluice_schema_violations_total")
                .help("Events that broke their type's JSON Schema, by event type and enforcement (warn: stored and flagged; "
                        + "block: refused and dead-lettered)")
                .labelNames("event_type", "enforcement").register(registry);
        // Exported from the start, so rate() and alerts see a zero instead of no series.
        violations.labelValues("(unregistered)", "warn");
        violations.labelValues("(unregistered)", "block");
    }

    @Override
    public void violated(String eventType, Enforcement enforcement) {
        violations.labelValues(eventType, enforcement.label()).inc();
    }
}
