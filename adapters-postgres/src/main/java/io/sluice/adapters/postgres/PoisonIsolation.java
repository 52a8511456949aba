package io.sluice.adapters.postgres;

import io.sluice.application.port.out.StorableBatch;
import io.sluice.domain.deadletter.DeadLetter;
import io.sluice.domain.deadletter.DeadLetterKey;
import io.sluice.domain.deadletter.DeadLetterReason;
import io.sluice.domain.event.EventSource;
import io.sluice.application.port.out.BufferedRecord;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Savepoint;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;
import java.util.function.BiFunction;

/**
 * The last resort of the dead-letter policy. Each record is written together with its aggregate
 * updates, so a refusal of either (a constraint, a value PostgreSQL cannot hold, a bucket sum that
 * would overflow) sets exactly that record aside. The whole list is tried first under a savepoint;
 * a refused list is halved and each half tried again, down to single records, which become dead
 * letters. The rest of the batch commits in the same transaction: k poisoned records among n cost
 * about 2k·log2(n) statements, not n. Stateless and thread-safe.
 */
final class PoisonIsolation {

    private PoisonIsolation() {
    }

    /** Writes a list of records with what they add to the aggregates; may send users to {@code sentUsers}. */
    @FunctionalInterface
    interface RecordWrite<T> {
        List<T> write(Connection connection, List<T> items, List<CountedUsers.Row> sentUsers) throws SQLException;
    }

    /**
     * @param asPoison the dead letter of a record the store refused, given the refusal's text
     * @param poison   receives the dead letters of the refused records
     * @return the records written, in the order they were written
     * @throws SQLException a failure that is not a refusal of the data (the whole transaction fails)
     */
    static <T> List<T> isolating(Connection connection, List<T> items, RecordWrite<T> write,
                                 List<CountedUsers.Row> sentUsers, BiFunction<T, String, DeadLetter> asPoison,
                                 List<DeadLetter> poison) throws SQLException {
        List<T> stored = new ArrayList<>(items.size());
        Deque<List<T>> pending = new ArrayDeque<>();
        if (!items.isEmpty()) {
            pending.push(items);
        }
        while (!pending.isEmpty()) {
            List<T> chunk = pending.pop();
            Savepoint savepoint = connection.setSavepoint();
            int usersBefore = sentUsers.size();
            try {
                stored.addAll(write.write(connection, chunk, sentUsers));
                connection.releaseSavepoint(savepoint);
            } catch (SQLException refused) {
                if (!StoreFailures.isDataError(refused)) {
                    throw refused;
                }
                connection.rollback(savepoint);
                // Rolled back: these users are not in aggregation_users, so they must not be remembered as counted.
                sentUsers.subList(usersBefore, sentUsers.size()).clear();
                if (chunk.size() == 1) {
                    poison.add(asPoison.apply(chunk.get(0), refusal(refused)));
                } else {
                    int half = chunk.size() / 2;
                    pending.push(chunk.subList(half, chunk.size()));
                    pending.push(chunk.subList(0, half));
                }
            }
        }
        return stored;
    }

    /**
     * The dead letter of a record of {@code batch} the store refused, dated {@code now}.
     *
     * @param key the key of the buffer record it came from, as the consumer keys what it sets aside: the
     *            same batch stored again (read again before its position was committed) makes no second
     *            dead letter; {@code null} when the batch does not know its records
     */
    static DeadLetter deadLetter(BufferedRecord record, EventSource source, String eventId, String refusal,
                                 StorableBatch batch, Instant now, DeadLetterKey key) {
        byte[] payload = DeadLetterStore.payload(record);
        // The origin names the consumer group: the record's position is in the key.
        return new DeadLetter(DeadLetterReason.RETRIES_EXHAUSTED, refusal, payload, "store/" + batch.group().value(),
                source, eventId, now, Math.max(1, batch.attempts()), key);
    }

    private static String refusal(SQLException refused) {
        String state = refused.getSQLState();
        return "the store refused this record: " + refused.getMessage() + (state == null ? "" : " (SQLSTATE " + state + ")");
    }
}
