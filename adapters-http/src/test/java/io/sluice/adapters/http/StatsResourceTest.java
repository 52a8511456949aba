package io.sluice.adapters.http;

import static io.sluice.adapters.http.NativeApi.json;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.dropwizard.testing.junit5.DropwizardExtensionsSupport;
import io.dropwizard.testing.junit5.ResourceExtension;
import io.sluice.application.port.in.PartitionBacklog;
import io.sluice.application.port.in.PipelineStats;
import jakarta.ws.rs.core.Response;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

@ExtendWith(DropwizardExtensionsSupport.class)
class StatsResourceTest {

    private final NativeApi api = new NativeApi();
    private final ResourceExtension resources = api.resources;

    @Test
    void renders_the_pipeline_stats() {
        api.reads.answerStats(new PipelineStats(12, Map.of("click", 5L, "page_view", 7L), Map.of("invalid", 2L), 30, 4,
                Instant.parse("2026-03-10T12:00:00Z")));

        Response response = api.get("/v1/stats");

        assertThat(response.getStatus()).isEqualTo(200);
        JsonNode json = json(response);
        assertThat(json.get("total_events").asLong()).isEqualTo(12);
        assertThat(json.get("events_by_type").get("click").asLong()).isEqualTo(5);
        assertThat(json.get("events_by_type").get("page_view").asLong()).isEqualTo(7);
        assertThat(json.get("dead_letters").get("invalid").asLong()).isEqualTo(2);
        assertThat(json.get("metric_samples").asLong()).isEqualTo(30);
        assertThat(json.get("backlog").asLong()).isEqualTo(4);
        assertThat(json.get("last_processed_at").asText()).isEqualTo("2026-03-10T12:00:00Z");
        assertThat(json.get("lag_by_partition").isArray()).isTrue();
        assertThat(json.get("lag_by_partition").isEmpty()).as("a buffer of one stream has no partitions").isTrue();
    }

    @Test
    void renders_the_lag_of_each_partition_in_partition_order() {
        api.reads.answerStats(new PipelineStats(0, Map.of(), Map.of(), 0, 7, null,
                List.of(new PartitionBacklog(0, 5), new PartitionBacklog(1, 0), new PartitionBacklog(2, 2))));

        JsonNode json = json(api.get("/v1/stats"));

        assertThat(json.get("backlog").asLong()).isEqualTo(7);
        assertThat(json.get("lag_by_partition").toString())
                .isEqualTo("[{\"partition\":0,\"lag\":5},{\"partition\":1,\"lag\":0},{\"partition\":2,\"lag\":2}]");
    }

    @Test
    void renders_an_unknown_backlog_and_an_empty_store_as_null() {
        JsonNode json = json(api.get("/v1/stats"));

        assertThat(json.get("backlog").isNull()).isTrue();
        assertThat(json.get("last_processed_at").isNull()).isTrue();
        assertThat(json.get("events_by_type").isEmpty()).isTrue();
    }
}
