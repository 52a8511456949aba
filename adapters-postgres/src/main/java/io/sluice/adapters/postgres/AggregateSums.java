package io.sluice.adapters.postgres;

import java.sql.SQLException;
import java.time.Instant;

/**
 * The rule for sums the aggregates cannot hold. Bucket sums ({@code total_duration_seconds},
 * metric {@code sum}) are {@code double precision}: every finite sum is kept exactly as
 * PostgreSQL adds it, and a record whose addition would take its bucket's sum beyond the range of
 * a double (±1.8e308) is refused instead of stored as infinity or wrapped. The refusal is a data
 * error (SQLSTATE 22003, as PostgreSQL raises for the same overflow), so the store isolates that
 * record into a dead letter whose detail starts with {@value #OVERFLOW} and stores the rest.
 * Stateless and thread-safe.
 */
final class AggregateSums {

    /** How the detail of a record refused by this rule begins. */
    static final String OVERFLOW = "aggregate_overflow";

    private static final String OUT_OF_RANGE = "22003";

    private AggregateSums() {
    }

    /**
     * Refuses a delta whose sum left the range of a double in Java already (records of one batch
     * in one bucket); PostgreSQL would otherwise store it as infinity without complaint.
     */
    static void requireFinite(double sum, String field, String window, Instant bucket, String name) throws SQLException {
        if (!Double.isFinite(sum)) {
            throw new SQLException(OVERFLOW + ": the " + field + " sum of the " + window + " bucket " + bucket + " of '" + name
                    + "' would leave the range of double precision", OUT_OF_RANGE);
        }
    }

    /** PostgreSQL's own overflow while adding to a stored bucket, named for the operator; other refusals unchanged. */
    static SQLException named(SQLException refused, String field) {
        if (!OUT_OF_RANGE.equals(refused.getSQLState())) {
            return refused;
        }
        return new SQLException(OVERFLOW + ": adding it to its aggregate bucket would take the " + field
                + " sum beyond the range of double precision (" + refused.getMessage() + ")", OUT_OF_RANGE, refused);
    }
}
