package io.sluice.adapters.postgres;

import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Savepoint;
import java.time.Instant;
import java.util.List;
import java.util.function.Function;

/**
 * Claims the ids of a batch in a dedupe table partitioned by UTC week of first receipt
 * ({@code event_ids}, {@code sample_ids}), recording the new ones in the same statement. An id is
 * new when no week holds it.
 *
 * <p>Two statements. The first, tried under a savepoint, is a plain insert of the ids no week holds
 * (the anti-join probes every week partition's unique index on the id): {@code ON CONFLICT} makes
 * PostgreSQL insert speculatively (a pre-check of the index, the row, its index entry, then a
 * second WAL record confirming the row), which cost ~35 % more per id than the plain insert plus
 * its extra probe (docs/benchmarks.md, "Noon of 2026-12-04"). The anti-join sees committed ids only:
 * when another open transaction holds one of the batch's ids, the insert waits for it on the week's
 * unique index and, when it committed, fails with a unique violation. Then, and only then, the
 * savepoint is rolled back and the second statement claims the batch: {@code ON CONFLICT DO
 * NOTHING} arbitrates on the week of this receipt (every week partition is unique on the id alone,
 * V12), so two claims of one id racing in one week wait for each other and the later one skips it;
 * the anti-join covers the other weeks, pruned at run time to them (in practice last week's
 * partition, and the empty ones created ahead): the id alone cannot prune them, hence weeks rather
 * than days. Both insert in one order of the ids (bytewise, which also sorts faster than the
 * database's collation), so two transactions claiming overlapping ids wait for each other in one
 * direction instead of deadlocking.
 *
 * <p>The caller then writes the rows of the items claimed, with no join back to them in SQL: a join
 * of the batch with the ids the claim returned was planned as a nested loop over two CTE scans (the
 * anti-join's estimate is one row once the table holds millions of ids), quadratic in the batch
 * size, which made a store with 20 M rows 8 × slower to write than an empty one. Stateless and
 * thread-safe; runs inside the caller's transaction.
 */
final class DedupeIds {

    private static final String UNIQUE_VIOLATION = "23505";

    private final String fresh;
    private final String claim;

    /** For a dedupe table {@code table} whose id column is {@code idColumn}; both are Sluice's own names, never input. */
    DedupeIds(String table, String idColumn) {
        // DISTINCT ON keeps an id repeated inside the batch once, with its first receipt.
        this.fresh = """
                INSERT INTO %1$s (%2$s, first_received_at)
                SELECT DISTINCT ON (c.id COLLATE "C") c.id, c.received_at
                FROM unnest(?::text[], ?::text[]::timestamptz[]) WITH ORDINALITY AS c(id, received_at, ord)
                WHERE NOT EXISTS (SELECT 1 FROM %1$s x WHERE x.%2$s = c.id)
                ORDER BY c.id COLLATE "C", c.ord
                RETURNING %2$s
                """.formatted(table, idColumn);
        // The week is counted in hours: a day of a time zone with daylight saving is not always 24 of them.
        this.claim = """
                INSERT INTO %1$s (%2$s, first_received_at)
                SELECT DISTINCT ON (c.id COLLATE "C") c.id, c.received_at
                FROM unnest(?::text[], ?::text[]::timestamptz[]) WITH ORDINALITY AS c(id, received_at, ord)
                CROSS JOIN LATERAL (SELECT date_trunc('week', c.received_at AT TIME ZONE 'UTC') AT TIME ZONE 'UTC' AS starts) week
                WHERE NOT EXISTS (SELECT 1 FROM %1$s x WHERE x.%2$s = c.id
                                  AND (x.first_received_at < week.starts OR x.first_received_at >= week.starts + interval '168 hours'))
                ORDER BY c.id COLLATE "C", c.ord
                ON CONFLICT DO NOTHING
                RETURNING %2$s
                """.formatted(table, idColumn);
    }

    /** The first statement's SQL, with {@code ?} for the ids and the receipt times; for the test that checks its plan. */
    String freshSql() {
        return fresh;
    }

    /** The second statement's SQL, likewise. */
    String claimSql() {
        return claim;
    }

    /**
     * @return the items whose ids this call recorded for the first time, in input order, an id
     *     repeated in the input once (its first occurrence)
     */
    <T> List<T> claim(Connection connection, List<T> items, Function<T, String> id, Function<T, Instant> receivedAt)
            throws SQLException {
        if (items.isEmpty()) {
            return List.of();
        }
        int n = items.size();
        String[] ids = new String[n];
        String[] received = new String[n];
        for (int i = 0; i < n; i++) {
            ids[i] = id.apply(items.get(i));
            received[i] = TimestampText.of(receivedAt.apply(items.get(i)));
        }
        Savepoint beforeFresh = connection.setSavepoint();
        try (ArrayStatement statement = ArrayStatement.prepare(connection, fresh)) {
            List<T> claimed = statement.arrays("text", ids, received).written(items, id);
            connection.releaseSavepoint(beforeFresh);
            return claimed;
        } catch (SQLException refused) {
            if (!UNIQUE_VIOLATION.equals(refused.getSQLState())) {
                throw refused;
            }
            // Another transaction committed one of these ids while this one waited for it.
            connection.rollback(beforeFresh);
            connection.releaseSavepoint(beforeFresh);
        }
        try (ArrayStatement statement = ArrayStatement.prepare(connection, claim)) {
            return statement.arrays("text", ids, received).written(items, id);
        }
    }
}
