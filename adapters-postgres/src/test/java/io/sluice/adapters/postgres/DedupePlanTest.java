package io.sluice.adapters.postgres;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.jdbi.v3.core.Handle;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * The dedupe claim (both of its statements) stays index probes, whatever the table holds: its cost per id must not grow with
 * the ids already stored. A store of 20 M rows once wrote 8 × slower than an empty one because a
 * statement's generic plan (the one a prepared statement settles on) joined the batch in a way
 * that was only cheap for an empty table; this checks the plan PostgreSQL actually picks, on a
 * table with two weeks of ids (two week partitions) and statistics that say it is large.
 */
class DedupePlanTest {

    private static final int DAYS = 14;
    private static final int IDS = 200_000;

    private final FreshStore fixture = new FreshStore();

    @ParameterizedTest
    @CsvSource({"event_ids, event_id, fresh", "sample_ids, sample_id, fresh", "event_ids, event_id, claim", "sample_ids, sample_id, claim"})
    void bothStatementsProbeEachWeekPartitionsIndexAndNeverScanATable(String table, String idColumn, String statement) {
        String plan = fixture.jdbi().withHandle(h -> {
            populate(h, table, idColumn, statement);
            return String.join("\n", h.createQuery("EXPLAIN EXECUTE claim(ARRAY['x'], ARRAY['2026-03-01T12:00:00Z'])")
                    .mapTo(String.class).list());
        });

        assertThat(fixture.count(table)).isEqualTo(IDS);
        // A hash join would read every id stored for every batch; the partitions that hold ids are probed by index
        // (the empty partitions of today's week, never analysed, may be scanned: they have no pages).
        assertThat(plan).as(plan).doesNotContain("Hash").doesNotContainPattern("Seq Scan on " + table + "_w202603");
        for (String week : new String[] {"20260302", "20260309"}) {
            assertThat(plan).as(plan).containsPattern("Index (Only )?Scan using \\S+ on " + table + "_w" + week);
        }
        assertThat(plan).as("one partition per week, not per day").doesNotContain(table + "_p2026");
    }

    /**
     * The statement tried first is a plain insert of the ids no week holds: its anti-join probes every
     * week, the week of the receipt included, and nothing is inserted speculatively.
     */
    @ParameterizedTest
    @CsvSource({"event_ids, event_id", "sample_ids, sample_id"})
    void theFreshInsertProbesEveryWeekOnceAndInsertsWithoutConflictArbitration(String table, String idColumn) {
        String plan = executedPlan(table, idColumn, "fresh");

        for (String week : new String[] {"20260302", "20260309"}) {
            assertThat(plan).as(plan).containsPattern("Scan using \\S+ on " + table + "_w" + week + " \\S+ \\(actual rows=0(\\.00)? loops=2\\)");
        }
        assertThat(plan).as(plan).doesNotContain("Conflict");
        assertThat(plan).as(plan).contains("Insert on " + table);
    }

    /**
     * The statement used when the first met an id another transaction committed meanwhile: one probe
     * per id for the week it is received in, the insert's own check against the week partition's
     * unique index. The anti-join is pruned at run time to the other weeks.
     */
    @ParameterizedTest
    @CsvSource({"event_ids, event_id", "sample_ids, sample_id"})
    void theClaimLeavesTheWeekOfTheReceiptToItsUniqueIndex(String table, String idColumn) {
        String plan = executedPlan(table, idColumn, "claim");

        assertThat(plan).as(plan).containsPattern("Scan using \\S+ on " + table + "_w20260309 \\S+ \\(never executed\\)");
        assertThat(plan).as(plan).containsPattern("Scan using \\S+ on " + table + "_w20260302 \\S+ \\(actual rows=0(\\.00)? loops=2\\)");
        assertThat(plan).as(plan).contains("Tuples Inserted: 2");
    }

    /** The plan of one statement run for two new ids received on 10 and 11 March, rolled back. */
    private String executedPlan(String table, String idColumn, String statement) {
        return fixture.jdbi().inTransaction(h -> {
            populate(h, table, idColumn, statement);
            List<String> lines = h.createQuery(
                            "EXPLAIN (ANALYZE, COSTS OFF, TIMING OFF, SUMMARY OFF) EXECUTE claim(ARRAY['x', 'y'], ARRAY['2026-03-10T12:00:00Z', '2026-03-11T08:00:00Z'])")
                    .mapTo(String.class).list();
            h.rollback();
            return String.join("\n", lines);
        });
    }

    /** Two weeks of ids (2 and 9 March), analysed, and one of the two statements prepared, as "claim", with its generic plan. */
    private static void populate(Handle h, String table, String idColumn, String statement) {
        // from Monday 2 March: the weeks of 2 and 9 March
        h.execute("SELECT sluice_ensure_day_partition('" + table + "', (DATE '2026-03-02' + d)) FROM generate_series(0, "
                + (DAYS - 1) + ") d");
        h.execute("INSERT INTO " + table + " (" + idColumn + ", first_received_at) "
                + "SELECT 'id-' || g, TIMESTAMPTZ '2026-03-02 12:00Z' + (g % " + DAYS + ") * INTERVAL '1 day' "
                + "FROM generate_series(1, " + IDS + ") g");
        h.execute("ANALYZE " + table);
        DedupeIds dedupe = new DedupeIds(table, idColumn);
        String claim = (statement.equals("fresh") ? dedupe.freshSql() : dedupe.claimSql()).replaceFirst("\\?", "\\$1").replaceFirst("\\?", "\\$2");
        // The plan a prepared statement settles on after its first executions: the generic one.
        h.execute("SET plan_cache_mode = force_generic_plan");
        h.execute("PREPARE claim(text[], text[]) AS " + claim);
    }
}
