package io.sluice.adapters.postgres;

import static org.assertj.core.api.Assertions.assertThat;

import io.sluice.application.port.out.PipelineMeasurement;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class PipelineSnapshotWriterTest {

    private final PostgresFixture.TestDatabase db = PostgresFixture.newDatabase();
    private final PipelineSnapshotWriter writer = new PipelineSnapshotWriter(db.jdbi());

    @Test
    void a_snapshot_becomes_rows_of_seed_003s_pipeline_metrics_table() {
        Instant at = Instant.parse("2026-11-21T10:00:00Z");
        writer.record(List.of(new PipelineMeasurement("events_processed_total", 1200, Map.of()),
                new PipelineMeasurement("dead_letters_total", 3, Map.of("reason", "invalid"))), at);

        List<Map<String, Object>> rows = db.jdbi().withHandle(h -> h.createQuery(
                "SELECT metric_name, metric_value, labels->>'reason' AS reason, recorded_at = :at AS on_time "
                        + "FROM pipeline_metrics ORDER BY metric_name").bind("at", java.sql.Timestamp.from(at)).mapToMap().list());
        assertThat(rows).hasSize(2);
        assertThat(rows.get(0)).containsEntry("metric_name", "dead_letters_total").containsEntry("metric_value", 3.0)
                .containsEntry("reason", "invalid").containsEntry("on_time", true);
        assertThat(rows.get(1)).containsEntry("metric_name", "events_processed_total").containsEntry("metric_value", 1200.0);
    }
}
