package io.sluice.archfixture.bootstrap;

import io.prometheus.metrics.core.metrics.Counter;
import io.prometheus.metrics.model.registry.PrometheusRegistry;

/** Breaks the wiring-only rule: a metric series defined in bootstrap, as the pipeline's once were. */
public class MetricsInBootstrap {

    final Counter requests;

    MetricsInBootstrap(PrometheusRegistry registry) {
        requests = Counter.builder().name("fixture_requests_total").help("fixture").register(registry);
    }
}
