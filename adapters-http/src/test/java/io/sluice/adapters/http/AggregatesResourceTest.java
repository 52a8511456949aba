package io.sluice.adapters.http;

import static io.sluice.adapters.http.NativeApi.json;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.dropwizard.testing.junit5.DropwizardExtensionsSupport;
import io.dropwizard.testing.junit5.ResourceExtension;
import io.sluice.application.port.in.AggregateQuery;
import io.sluice.application.port.in.MetricQuery;
import io.sluice.domain.aggregate.AggregateKey;
import io.sluice.domain.aggregate.AggregateTotals;
import io.sluice.domain.aggregate.Granularity;
import io.sluice.domain.event.EventType;
import io.sluice.domain.metric.MetricLabels;
import io.sluice.domain.metric.MetricName;
import io.sluice.domain.metric.MetricSeriesKey;
import io.sluice.domain.metric.MetricSummary;
import io.sluice.domain.metric.MetricWindow;
import jakarta.ws.rs.core.Response;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/** The two aggregate routes: event aggregates and metric aggregates. */
@ExtendWith(DropwizardExtensionsSupport.class)
class AggregatesResourceTest {

    private final NativeApi api = new NativeApi();
    private final ResourceExtension resources = api.resources;

    @Test
    void defaults_to_hourly_buckets_over_the_last_24_hours_including_the_open_one() {
        api.reads.answerAggregates(List.of(new AggregateTotals(
                new AggregateKey(Granularity.HOUR, Instant.parse("2026-03-10T12:00:00Z"), new EventType("page_view")), 4, 2, 9.0, 3)));

        Response response = api.get("/v1/aggregates");

        assertThat(response.getStatus()).isEqualTo(200);
        AggregateQuery query = api.reads.aggregateQueries().get(0);
        assertThat(query.granularity()).isEqualTo(Granularity.HOUR);
        assertThat(query.type()).isNull();
        assertThat(query.from()).isEqualTo(Instant.parse("2026-03-09T12:00:00Z"));
        assertThat(query.to()).isEqualTo(Instant.parse("2026-03-10T13:00:00Z"));
        JsonNode json = json(response);
        assertThat(json.get("granularity").asText()).isEqualTo("hour");
        JsonNode bucket = json.get("aggregates").get(0);
        assertThat(bucket.get("bucket_start").asText()).isEqualTo("2026-03-10T12:00:00Z");
        assertThat(bucket.get("event_type").asText()).isEqualTo("page_view");
        assertThat(bucket.get("total_events").asLong()).isEqualTo(4);
        assertThat(bucket.get("unique_users").asLong()).isEqualTo(2);
        assertThat(bucket.get("total_duration_seconds").asDouble()).isEqualTo(9.0);
        assertThat(bucket.get("avg_duration_seconds").asDouble()).isEqualTo(3.0);
    }

    @Test
    void passes_granularity_type_and_range() {
        api.get("/v1/aggregates?granularity=minute&type=Order%20Completed&from=2026-03-10T12:00:00Z&to=2026-03-10T12:30:00");

        AggregateQuery query = api.reads.aggregateQueries().get(0);
        assertThat(query.granularity()).isEqualTo(Granularity.MINUTE);
        assertThat(query.type()).isEqualTo(new EventType("Order Completed"));
        assertThat(query.from()).isEqualTo(Instant.parse("2026-03-10T12:00:00Z"));
        assertThat(query.to()).isEqualTo(Instant.parse("2026-03-10T12:30:00Z"));
    }

    @Test
    void takes_the_24_hours_before_an_explicit_end() {
        api.get("/v1/aggregates?to=2026-03-01T00:00:00Z");

        AggregateQuery query = api.reads.aggregateQueries().get(0);
        assertThat(query.from()).isEqualTo(Instant.parse("2026-02-28T00:00:00Z"));
        assertThat(query.to()).isEqualTo(Instant.parse("2026-03-01T00:00:00Z"));
    }

    @Test
    void refuses_bad_aggregate_parameters() {
        assertInvalid("/v1/aggregates?granularity=day", "granularity");
        assertInvalid("/v1/aggregates?from=noon", "from");
        assertInvalid("/v1/aggregates?to=noon", "to");
        assertInvalid("/v1/aggregates?from=2026-03-11T00:00:00Z", "from");
        assertInvalid("/v1/aggregates?from=2026-03-10T00:00:00Z&to=2026-03-09T00:00:00Z", "from");
        assertThat(api.reads.aggregateQueries()).isEmpty();
    }

    @Test
    void renders_metric_aggregates_with_labels_and_p95() {
        MetricSeriesKey key = new MetricSeriesKey(MetricWindow.FIVE_MINUTES, Instant.parse("2026-03-10T12:30:00Z"),
                new MetricName("cpu_usage"), MetricLabels.of(Map.of("host", "a")));
        api.reads.answerSummaries(List.of(new MetricSummary(key, 4, 10.0, 1.0, 4.0, 3.9)));

        Response response = api.get("/v1/metrics/aggregates?window=5m&name=cpu_usage");

        assertThat(response.getStatus()).isEqualTo(200);
        MetricQuery query = api.reads.metricQueries().get(0);
        assertThat(query.window()).isEqualTo(MetricWindow.FIVE_MINUTES);
        assertThat(query.name()).isEqualTo(new MetricName("cpu_usage"));
        assertThat(query.from()).isEqualTo(Instant.parse("2026-03-09T12:30:00Z"));
        assertThat(query.to()).isEqualTo(Instant.parse("2026-03-10T12:35:00Z"));
        JsonNode json = json(response);
        assertThat(json.get("window").asText()).isEqualTo("5m");
        JsonNode bucket = json.get("aggregates").get(0);
        assertThat(bucket.get("bucket_start").asText()).isEqualTo("2026-03-10T12:30:00Z");
        assertThat(bucket.get("name").asText()).isEqualTo("cpu_usage");
        assertThat(bucket.get("labels").get("host").asText()).isEqualTo("a");
        assertThat(bucket.get("count").asLong()).isEqualTo(4);
        assertThat(bucket.get("sum").asDouble()).isEqualTo(10.0);
        assertThat(bucket.get("min").asDouble()).isEqualTo(1.0);
        assertThat(bucket.get("max").asDouble()).isEqualTo(4.0);
        assertThat(bucket.get("avg").asDouble()).isEqualTo(2.5);
        assertThat(bucket.get("p95").asDouble()).isEqualTo(3.9);
    }

    @Test
    void defaults_metric_aggregates_to_one_minute_windows() {
        JsonNode json = json(api.get("/v1/metrics/aggregates"));

        assertThat(json.get("window").asText()).isEqualTo("1m");
        MetricQuery query = api.reads.metricQueries().get(0);
        assertThat(query.window()).isEqualTo(MetricWindow.ONE_MINUTE);
        assertThat(query.name()).isNull();
        assertThat(query.from()).isEqualTo(Instant.parse("2026-03-09T12:34:00Z"));
        assertThat(query.to()).isEqualTo(Instant.parse("2026-03-10T12:35:00Z"));
    }

    @Test
    void refuses_bad_metric_parameters() {
        assertInvalid("/v1/metrics/aggregates?window=2m", "window");
        assertInvalid("/v1/metrics/aggregates?name=" + "n".repeat(256), "name");
        assertInvalid("/v1/metrics/aggregates?from=2026-03-10", "from");
        assertThat(api.reads.metricQueries()).isEmpty();
    }

    @Test
    void answers_503_when_the_store_is_down() {
        api.reads.goDown();

        for (String path : List.of("/v1/aggregates", "/v1/metrics/aggregates", "/v1/stats")) {
            Response response = api.get(path);

            assertThat(response.getStatus()).as(path).isEqualTo(503);
            assertThat(response.getHeaderString("Retry-After")).isEqualTo("5");
            assertThat(json(response).get("error").asText()).isEqualTo("store_unavailable");
        }
    }

    private void assertInvalid(String path, String parameter) {
        Response response = api.get(path);

        assertThat(response.getStatus()).as(path).isEqualTo(400);
        JsonNode json = json(response);
        assertThat(json.get("error").asText()).isEqualTo("invalid_parameter");
        assertThat(json.get("parameter").asText()).as(path).isEqualTo(parameter);
    }
}
