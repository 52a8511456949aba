package io.sluice.adapters.prometheus;

import static org.assertj.core.api.Assertions.assertThat;

import io.prometheus.metrics.model.registry.PrometheusRegistry;
import io.prometheus.metrics.model.snapshots.HistogramSnapshot;
import io.prometheus.metrics.model.snapshots.MetricSnapshot;
import io.sluice.application.port.in.RouteFamily;
import io.sluice.application.port.out.PipelineTotals;
import io.sluice.application.port.out.StoreReport;
import io.sluice.domain.deadletter.DeadLetterReason;
import java.time.Duration;
import java.util.Arrays;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;

/** The series dashboards and alerts read exist from the start, and the totals the SQL snapshots take add up. */
class PrometheusPipelineMetricsTest {

    private final PrometheusRegistry registry = new PrometheusRegistry();
    private final PrometheusPipelineMetrics metrics = new PrometheusPipelineMetrics(registry);

    @Test
    void every_route_family_has_its_series_before_the_first_request() {
        Set<String> routes = Arrays.stream(RouteFamily.values()).map(RouteFamily::label).collect(Collectors.toSet());
        assertThat(routes).containsExactlyInAnyOrder("native", "track", "segment", "metrics", "legacy");
        for (String series : new String[] {"sluice_ingest_items", "sluice_rate_limited", "sluice_ingest_buffer_refused",
                "sluice_unknown_write_keys"}) {
            assertThat(labelValues(series, "route")).as(series).isEqualTo(routes);
        }
    }

    @Test
    void totals_add_up_what_was_reported() {
        metrics.ingested(RouteFamily.NATIVE, 5, 1, 1, Duration.ofMillis(1), Duration.ofMillis(2));
        metrics.ingested(RouteFamily.SEGMENT, 3, 0, 0, Duration.ofMillis(1), Duration.ofMillis(2));
        metrics.batchStored(new StoreReport(6, 2, 0, 2), 8, Map.of(DeadLetterReason.values()[0], 2), Duration.ofMillis(3),
                Duration.ofMillis(4));

        assertThat(metrics.totals()).isEqualTo(new PipelineTotals(6, 2, 8, 2, 2));
    }

    @Test
    void histograms_are_the_documented_classic_buckets_only() {
        metrics.ingested(RouteFamily.NATIVE, 1, 0, 0, Duration.ofMillis(1), Duration.ofMillis(2));
        metrics.batchStored(new StoreReport(1, 0, 0, 0), 1, Map.of(), Duration.ofMillis(3), Duration.ofMillis(4));

        int histograms = 0;
        for (MetricSnapshot snapshot : registry.scrape()) {
            if (snapshot instanceof HistogramSnapshot histogram) {
                histograms++;
                for (HistogramSnapshot.HistogramDataPointSnapshot point : histogram.getDataPoints()) {
                    assertThat(point.hasClassicHistogramData()).as(snapshot.getMetadata().getName()).isTrue();
                    assertThat(point.hasNativeHistogramData()).as(snapshot.getMetadata().getName()).isFalse();
                }
            }
        }
        assertThat(histograms).isEqualTo(5);
    }

    private Set<String> labelValues(String series, String label) {
        for (MetricSnapshot snapshot : registry.scrape()) {
            if (snapshot.getMetadata().getName().equals(series)) {
                return snapshot.getDataPoints().stream().map(point -> point.getLabels().get(label)).collect(Collectors.toSet());
            }
        }
        throw new AssertionError("no series " + series);
    }
}
