package io.sluice.application.service;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.sluice.application.fakes.MovableClock;
import io.sluice.application.port.out.PipelineMeasurement;
import io.sluice.application.port.out.PipelineTotals;
import io.sluice.application.port.out.StoreUnavailableException;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Test;

/** The rows seed 003's SQL users read from pipeline_metrics, and the rate between two snapshots. */
class PipelineSnapshotsTest {

    private final MovableClock clock = new MovableClock(Instant.parse("2026-01-01T00:00:00Z"));
    private final AtomicReference<PipelineTotals> totals = new AtomicReference<>(new PipelineTotals(100, 3, 110, 7, 9));
    private final List<List<PipelineMeasurement>> written = new ArrayList<>();
    private boolean storeDown;

    private final PipelineSnapshots snapshots = new PipelineSnapshots(totals::get, () -> 42, (measurements, at) -> {
        if (storeDown) {
            throw new StoreUnavailableException("down", null);
        }
        written.add(measurements);
    }, clock, "host:8080");

    @Test
    void the_first_snapshot_has_the_totals_and_the_backlog_and_no_rate_yet() {
        snapshots.snapshot();

        assertThat(figures(0)).containsExactlyInAnyOrderEntriesOf(Map.of("events_persisted_total", 100.0,
                "events_duplicate_total", 3.0, "events_accepted_total", 110.0, "events_rejected_total", 7.0,
                "dead_letters_total", 9.0, "buffer_backlog_records", 42.0));
        assertThat(written.get(0)).allSatisfy(m -> assertThat(m.labels()).isEqualTo(Map.of("instance", "host:8080")));
    }

    @Test
    void the_rate_counts_from_the_snapshot_before_even_one_the_store_did_not_take() {
        storeDown = true;
        assertThatThrownBy(snapshots::snapshot).isInstanceOf(StoreUnavailableException.class);
        storeDown = false;
        clock.advance(Duration.ofSeconds(10));
        totals.set(new PipelineTotals(600, 3, 610, 7, 9));

        snapshots.snapshot();

        assertThat(figures(0)).containsEntry("events_persisted_per_second", 50.0);
    }

    private Map<String, Double> figures(int snapshot) {
        Map<String, Double> figures = new HashMap<>();
        written.get(snapshot).forEach(m -> figures.put(m.name(), m.value()));
        return figures;
    }
}
