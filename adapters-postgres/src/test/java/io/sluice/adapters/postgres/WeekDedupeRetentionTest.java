package io.sluice.adapters.postgres;

import static io.sluice.adapters.postgres.TestEvents.batch;
import static io.sluice.adapters.postgres.TestEvents.event;
import static io.sluice.adapters.postgres.TestEvents.position;
import static io.sluice.adapters.postgres.TestEvents.sample;
import static org.assertj.core.api.Assertions.assertThat;

import io.sluice.application.port.out.RetainedData;
import io.sluice.application.port.out.StoreReport;
import io.sluice.domain.event.Event;
import io.sluice.domain.metric.MetricSample;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * Dedupe ids live in week partitions (Monday 00:00 UTC to the next Monday) of their first receipt,
 * created ahead, and a week goes only once every one of its days is past the retention: an id is
 * known for 7 to 14 days with the default 7 days hot.
 */
class WeekDedupeRetentionTest {

    /** Sunday: the days 8 to 13 before it are Monday 9 to Saturday 14 March, one week. */
    private static final LocalDate TODAY = LocalDate.parse("2026-03-22");
    /** What storage maintenance passes for the default 7 days hot. */
    private static final LocalDate CUTOFF = TODAY.minusDays(7);

    private final FreshStore fixture = new FreshStore();
    private final PartitionLifecycle lifecycle = new PartitionLifecycle(fixture.jdbi());

    @Test
    void aDuplicateFirstReceivedEightToThirteenDaysAgoIsStillRefusedAfterRetention() {
        List<Event> firsts = new ArrayList<>();
        List<MetricSample> samples = new ArrayList<>();
        for (int ago = 8; ago <= 14; ago++) {
            Instant received = noon(TODAY.minusDays(ago));
            firsts.add(event("e-" + ago, "page_view", "u1", received, null));
            samples.add(sample("s-" + ago, "latency", ago, received, Map.of()));
        }
        assertThat(fixture.store().store(batch(firsts, samples, List.of(), List.of(position(0, 14)))).eventsStored()).isEqualTo(7);

        List<LocalDate> dropped = lifecycle.dropBefore(RetainedData.DEDUPE_IDS, CUTOFF);

        // the week of 2 March ended on 9 March, 13 days ago: gone with the id received 14 days ago
        assertThat(dropped).containsExactly(LocalDate.parse("2026-03-02"));
        assertThat(fixture.count("event_ids")).isEqualTo(6);
        assertThat(fixture.count("sample_ids")).isEqualTo(6);
        List<Event> retries = new ArrayList<>();
        List<MetricSample> sampleRetries = new ArrayList<>();
        for (int ago = 8; ago <= 14; ago++) {
            retries.add(event("e-" + ago, "page_view", "u1", noon(TODAY), null));
            sampleRetries.add(sample("s-" + ago, "latency", ago, noon(TODAY), Map.of()));
        }
        StoreReport report = fixture.store().store(batch(retries, sampleRetries, List.of(), List.of(position(0, 28))));
        assertThat(report.duplicates()).isEqualTo(6);
        assertThat(report.eventsStored()).isEqualTo(1);
        assertThat(report.samplesStored()).isEqualTo(1);
    }

    @Test
    void aWeekIsKeptWhileAnyOfItsDaysIsWithinRetentionAndDroppedOnceAllAreOlder() {
        // ids first received on the Sunday that ends the week of 2 March, and on the Monday after
        fixture.store().store(batch(List.of(event("sunday", "page_view", "u1", noon(LocalDate.parse("2026-03-08")), null),
                event("monday", "page_view", "u1", noon(LocalDate.parse("2026-03-09")), null)), List.of(position(0, 2))));
        assertThat(fixture.count("event_ids_w20260302")).isEqualTo(1);
        assertThat(fixture.count("event_ids_w20260309")).isEqualTo(1);

        // on Sunday 15 March, 7 days hot: Sunday 8 March is not yet past the retention, so its week stays
        assertThat(lifecycle.dropBefore(RetainedData.DEDUPE_IDS, LocalDate.parse("2026-03-08"))).isEmpty();
        assertThat(fixture.count("event_ids")).isEqualTo(2);

        // on Monday 16 March every day of that week is
        assertThat(lifecycle.dropBefore(RetainedData.DEDUPE_IDS, LocalDate.parse("2026-03-09")))
                .containsExactly(LocalDate.parse("2026-03-02"));
        assertThat(exists("event_ids_w20260302")).isFalse();
        assertThat(exists("event_ids_w20260309")).isTrue();
        assertThat(fixture.count("event_ids")).isEqualTo(1);
        // the day partitions of the other families keep their own rule: a day goes once it is before the cutoff
        assertThat(exists("minute_aggregations_p20260308")).isTrue();
        assertThat(lifecycle.dropBefore(RetainedData.LATE_WINDOW, LocalDate.parse("2026-03-09")))
                .containsExactly(LocalDate.parse("2026-03-08"));
        assertThat(exists("minute_aggregations_p20260309")).isTrue();
    }

    @Test
    void partitionsAheadIncludeNextWeeksIds() {
        // on Monday 16 March, maintenance asks for the days from yesterday to three days ahead
        LocalDate monday = LocalDate.parse("2026-03-16");

        lifecycle.createPartitions(monday.minusDays(1), monday.plusDays(3));

        for (String table : List.of("event_ids", "sample_ids")) {
            assertThat(exists(table + "_w20260309")).as(table).isTrue();
            assertThat(exists(table + "_w20260316")).as(table).isTrue();
            assertThat(exists(table + "_w20260323")).as(table + " next week").isTrue();
            assertThat(exists(table + "_p20260316")).as(table).isFalse();
        }
        assertThat(exists("raw_events_p20260319")).isTrue();
        assertThat(exists("raw_events_p20260320")).isFalse();
    }

    private static Instant noon(LocalDate day) {
        return day.atTime(12, 0).toInstant(ZoneOffset.UTC);
    }

    private boolean exists(String table) {
        return fixture.jdbi().withHandle(h -> h.createQuery("SELECT to_regclass(:t) IS NOT NULL").bind("t", table).mapTo(Boolean.class).one());
    }
}
