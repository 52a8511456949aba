package io.sluice.adapters.postgres;

import com.fasterxml.jackson.core.JsonProcessingException;
import io.sluice.application.port.out.StoreException;
import io.sluice.application.port.out.StoreRejectedException;
import io.sluice.application.port.out.StoreUnavailableException;
import java.sql.SQLException;

/**
 * Translates what Jdbi, the JDBC driver and Jackson throw into the store port's exceptions. A
 * data exception (SQLState class 22), an integrity violation (class 23) or a program limit (class
 * 54: a value too large for an index) means the database refused the data itself, so retrying the
 * same batch cannot help: {@link StoreRejectedException}.
 * Everything else (connection failures 08, shutdown 57P, resources 53, serialization and deadlock
 * 40001/40P01, pool timeouts without a state) may heal by waiting: {@link StoreUnavailableException}.
 * Stateless and thread-safe.
 */
final class StoreFailures {

    private StoreFailures() {
    }

    /** Work against the database; may throw whatever Jdbi or JDBC throws. */
    @FunctionalInterface
    interface Work<T> {
        T run() throws Exception;
    }

    static <T> T guard(String what, Work<T> work) {
        try {
            return work.run();
        } catch (StoreException alreadyTranslated) {
            throw alreadyTranslated;
        } catch (InterruptedException interrupted) {
            Thread.currentThread().interrupt();
            throw translate(what, interrupted);
        } catch (Exception failure) {
            throw translate(what, failure);
        }
    }

    static StoreException translate(String what, Throwable failure) {
        if (isDataError(failure)) {
            return new StoreRejectedException("PostgreSQL refused the data while trying to " + what + ": " + rootMessage(failure), failure);
        }
        return new StoreUnavailableException("PostgreSQL is unavailable while trying to " + what + ": " + rootMessage(failure), failure);
    }

    /** True when the database (or the encoding before it) refused the data, not the connection. */
    static boolean isDataError(Throwable failure) {
        for (Throwable t = failure; t != null; t = t.getCause()) {
            if (t instanceof SQLException sql) {
                String state = sql.getSQLState();
                if (isMissingPartition(sql)) {
                    return false;
                }
                return state != null && (state.startsWith("22") || state.startsWith("23") || state.startsWith("54"));
            }
            if (t instanceof JsonProcessingException) {
                return true;
            }
            if (t.getCause() == t) {
                break;
            }
        }
        return false;
    }

    /**
     * A row for a day whose partition went away between creating it and writing (retention or
     * archiving dropped it meanwhile): the next attempt creates it again, so this is not the data's fault.
     */
    private static boolean isMissingPartition(SQLException sql) {
        return "23514".equals(sql.getSQLState()) && String.valueOf(sql.getMessage()).contains("no partition of relation");
    }

    static String rootMessage(Throwable failure) {
        for (Throwable t = failure; t != null; t = t.getCause()) {
            if (t instanceof SQLException sql) {
                return sql.getMessage();
            }
            if (t.getCause() == null || t.getCause() == t) {
                return String.valueOf(t.getMessage());
            }
        }
        return String.valueOf(failure.getMessage());
    }
}
