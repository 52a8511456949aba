package io.sluice.domain.metric;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;

class MetricsTest {

    private static final Instant T = Instant.parse("2024-01-15T10:37:42.123Z");

    private static MetricSample sample(String id, String name, double value, String timestamp, Map<String, String> labels) {
        Instant at = Instant.parse(timestamp);
        return new MetricSample(id, new MetricName(name), value, at, at, MetricLabels.of(labels));
    }

    @Nested
    class Windows {
        @Test
        void bucketsAlignToTheEpoch() {
            assertThat(MetricWindow.ONE_MINUTE.bucketOf(T)).isEqualTo(Instant.parse("2024-01-15T10:37:00Z"));
            assertThat(MetricWindow.FIVE_MINUTES.bucketOf(T)).isEqualTo(Instant.parse("2024-01-15T10:35:00Z"));
            assertThat(MetricWindow.ONE_HOUR.bucketOf(T)).isEqualTo(Instant.parse("2024-01-15T10:00:00Z"));
            assertThat(MetricWindow.FIVE_MINUTES.bucketOf(Instant.parse("2024-01-15T10:40:00Z")))
                    .isEqualTo(Instant.parse("2024-01-15T10:40:00Z"));
            assertThat(MetricWindow.FIVE_MINUTES.bucketOf(Instant.parse("2024-01-15T10:39:59.999Z")))
                    .isEqualTo(Instant.parse("2024-01-15T10:35:00Z"));
        }

        @Test
        void bucketsBeforeTheEpochAlignDownwards() {
            assertThat(MetricWindow.FIVE_MINUTES.bucketOf(Instant.parse("1969-12-31T23:58:00Z")))
                    .isEqualTo(Instant.parse("1969-12-31T23:55:00Z"));
        }

        @Test
        void labelsRoundTrip() {
            for (MetricWindow window : MetricWindow.values()) {
                assertThat(MetricWindow.fromLabel(window.label())).isEqualTo(window);
            }
            assertThat(MetricWindow.values()).extracting(MetricWindow::label).containsExactly("1m", "5m", "1h");
            assertThatThrownBy(() -> MetricWindow.fromLabel("1d")).isInstanceOf(IllegalArgumentException.class);
        }

        @Test
        void aSeriesKeyStartsOnItsWindowsBoundary() {
            assertThatThrownBy(() -> new MetricSeriesKey(MetricWindow.FIVE_MINUTES, Instant.parse("2024-01-15T10:37:00Z"),
                    new MetricName("cpu"), MetricLabels.NONE)).isInstanceOf(IllegalArgumentException.class);
        }
    }

    @Nested
    class Labels {
        @Test
        void areKeptInCanonicalKeyOrderWhateverTheOrderSent() {
            Map<String, String> sent = new LinkedHashMap<>();
            sent.put("region", "eu");
            sent.put("host", "a");
            sent.put("az", "1");
            MetricLabels labels = MetricLabels.of(sent);

            assertThat(labels.canonical()).isEqualTo("az=1,host=a,region=eu");
            assertThat(labels.asMap().keySet()).containsExactly("az", "host", "region");
            assertThat(labels).isEqualTo(MetricLabels.of(Map.of("region", "eu", "az", "1", "host", "a")));
            assertThat(labels.hashCode()).isEqualTo(MetricLabels.of(Map.of("region", "eu", "az", "1", "host", "a")).hashCode());
            assertThat(MetricLabels.of(Map.of())).isSameAs(MetricLabels.NONE);
            assertThat(MetricLabels.NONE.canonical()).isEmpty();
        }

        @Test
        void differentLabelSetsHaveDifferentCanonicalKeys() {
            MetricLabels two = MetricLabels.of(Map.of("a", "1", "b", "2"));
            MetricLabels one = MetricLabels.of(Map.of("a", "1,b=2"));
            MetricLabels keyed = MetricLabels.of(Map.of("a=1,b", "2"));

            assertThat(one).isNotEqualTo(two);
            assertThat(one.canonical()).isNotEqualTo(two.canonical());
            assertThat(keyed.canonical()).isNotEqualTo(two.canonical()).isNotEqualTo(one.canonical());
        }

        @Test
        void areAnUnmodifiableCopy() {
            Map<String, String> sent = new LinkedHashMap<>(Map.of("a", "1"));
            MetricLabels labels = MetricLabels.of(sent);
            sent.put("b", "2");
            assertThat(labels.asMap()).containsOnlyKeys("a");
            assertThatThrownBy(() -> labels.asMap().put("c", "3")).isInstanceOf(UnsupportedOperationException.class);
        }
    }

    @Nested
    class Aggregation {
        @Test
        void eachSampleFeedsOneBucketPerWindow() {
            List<MetricDelta> deltas = MetricAggregation.deltasOf(List.of(
                    sample("1", "cpu", 10, "2024-01-15T10:37:10Z", Map.of("host", "a")),
                    sample("2", "cpu", 30, "2024-01-15T10:37:50Z", Map.of("host", "a")),
                    sample("3", "cpu", 20, "2024-01-15T10:38:00Z", Map.of("host", "a"))));

            assertThat(deltas).hasSize(2 + 1 + 1);
            MetricDelta minute = find(deltas, MetricWindow.ONE_MINUTE, "2024-01-15T10:37:00Z");
            assertThat(minute.count()).isEqualTo(2);
            assertThat(minute.sum()).isEqualTo(40);
            assertThat(minute.min()).isEqualTo(10);
            assertThat(minute.max()).isEqualTo(30);
            MetricDelta fiveMinutes = find(deltas, MetricWindow.FIVE_MINUTES, "2024-01-15T10:35:00Z");
            assertThat(fiveMinutes.count()).isEqualTo(3);
            assertThat(fiveMinutes.sum()).isEqualTo(60);
            assertThat(fiveMinutes.min()).isEqualTo(10);
            assertThat(fiveMinutes.max()).isEqualTo(30);
            assertThat(QuantileSketch.of(fiveMinutes.bins()).count()).isEqualTo(3);
            assertThat(find(deltas, MetricWindow.ONE_HOUR, "2024-01-15T10:00:00Z").count()).isEqualTo(3);
        }

        @Test
        void seriesAreSeparatedByNameAndLabelSet() {
            Map<String, String> ab = new LinkedHashMap<>();
            ab.put("b", "2");
            ab.put("a", "1");
            List<MetricDelta> deltas = MetricAggregation.deltasOf(List.of(
                    sample("1", "cpu", 1, "2024-01-15T10:00:00Z", Map.of("a", "1", "b", "2")),
                    sample("2", "cpu", 2, "2024-01-15T10:00:01Z", ab),
                    sample("3", "cpu", 3, "2024-01-15T10:00:02Z", Map.of("a", "1")),
                    sample("4", "mem", 4, "2024-01-15T10:00:03Z", Map.of("a", "1"))));

            assertThat(deltas).hasSize(3 * 3);
            assertThat(deltas).filteredOn(d -> d.key().window() == MetricWindow.ONE_HOUR)
                    .extracting(MetricDelta::count).containsExactlyInAnyOrder(2L, 1L, 1L);
        }

        @Test
        void negativeValuesKeepTheirMinAndMax() {
            MetricDelta hour = find(MetricAggregation.deltasOf(List.of(
                    sample("1", "temp", -5, "2024-01-15T10:00:00Z", Map.of()),
                    sample("2", "temp", -1, "2024-01-15T10:10:00Z", Map.of()))), MetricWindow.ONE_HOUR, "2024-01-15T10:00:00Z");
            assertThat(hour.min()).isEqualTo(-5);
            assertThat(hour.max()).isEqualTo(-1);
        }

        @Test
        void aSummaryAveragesAndBoundsItsP95ByTheExtremes() {
            MetricDelta hour = find(MetricAggregation.deltasOf(List.of(
                    sample("1", "lat", 100, "2024-01-15T10:00:00Z", Map.of()),
                    sample("2", "lat", 100, "2024-01-15T10:00:01Z", Map.of()),
                    sample("3", "lat", 400, "2024-01-15T10:00:02Z", Map.of()))), MetricWindow.ONE_HOUR, "2024-01-15T10:00:00Z");
            MetricSummary summary = MetricSummary.of(hour.key(), hour.count(), hour.sum(), hour.min(), hour.max(), hour.bins());

            assertThat(summary.avg()).isEqualTo(200);
            assertThat(summary.p95()).isCloseTo(100, within(1.0)).isBetween(summary.min(), summary.max());

            MetricSummary constant = MetricSummary.of(hour.key(), 1, 42, 42, 42, sketchOf(42).bins());
            assertThat(constant.p95()).isEqualTo(42);
        }

        @Test
        void noSamplesNoDeltas() {
            assertThat(MetricAggregation.deltasOf(List.of())).isEmpty();
        }

        private static QuantileSketch sketchOf(double value) {
            QuantileSketch sketch = new QuantileSketch();
            sketch.add(value);
            return sketch;
        }

        private static MetricDelta find(List<MetricDelta> deltas, MetricWindow window, String bucket) {
            return deltas.stream()
                    .filter(d -> d.key().window() == window && d.key().bucketStart().equals(Instant.parse(bucket)))
                    .findFirst().orElseThrow(() -> new AssertionError("no " + window + " bucket at " + bucket + " in " + deltas));
        }
    }
}
