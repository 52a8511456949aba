package io.sluice.adapters.postgres;

import io.sluice.domain.deadletter.DeadLetter;
import java.sql.Connection;
import java.sql.SQLException;
import java.util.Arrays;
import java.util.Base64;
import java.util.List;
import java.util.Objects;

/**
 * Writes dead letters to {@code dead_letters}; a letter whose key is already stored is not written
 * again. Stateless and thread-safe; runs inside the caller's transaction.
 */
final class DeadLetterRows {

    private static final String INSERT = """
            INSERT INTO dead_letters (reason, detail, payload, origin, source, event_id, failed_at, attempts, dedupe_key)
            SELECT d.reason, d.detail, decode(d.payload, 'base64'), d.origin, d.source, d.event_id, d.failed_at::timestamptz, d.attempts,
                   d.dedupe_key
            FROM unnest(?::text[], ?::text[], ?::text[], ?::text[], ?::text[], ?::text[], ?::text[], ?::text[], ?::int4[])
                 WITH ORDINALITY AS d(reason, detail, payload, origin, source, event_id, failed_at, dedupe_key, attempts, ord)
            WHERE d.dedupe_key IS NULL
               OR NOT EXISTS (SELECT 1 FROM dead_letters k WHERE k.dedupe_key = d.dedupe_key)
            ORDER BY d.ord
            """;

    /**
     * dead_letters is partitioned by day of failed_at, which differs between two reads of one record, so
     * no unique index can hold the key: two writers of the same keys (the old and the new owner of a
     * partition after a rebalance) take the keys' locks, in one order, before looking for them.
     */
    private static final String LOCK_KEYS = """
            SELECT count(pg_advisory_xact_lock(hashtextextended(k, 14))) FROM (SELECT DISTINCT k FROM unnest(?::text[]) AS k
                WHERE k IS NOT NULL ORDER BY k) keys
            """;

    void insert(Connection connection, List<DeadLetter> letters) throws SQLException {
        if (letters.isEmpty()) {
            return;
        }
        int n = letters.size();
        String[] reasons = new String[n];
        String[] details = new String[n];
        String[] payloads = new String[n];
        String[] origins = new String[n];
        String[] sources = new String[n];
        String[] eventIds = new String[n];
        String[] failedAt = new String[n];
        String[] keys = new String[n];
        Integer[] attempts = new Integer[n];
        Base64.Encoder base64 = Base64.getEncoder();
        for (int i = 0; i < n; i++) {
            DeadLetter d = letters.get(i);
            // A dead letter must always be storable: PostgreSQL text cannot hold NUL, the payload keeps the exact bytes.
            reasons[i] = d.reason().label();
            details[i] = withoutNul(d.detail());
            payloads[i] = base64.encodeToString(d.payload());
            origins[i] = withoutNul(d.origin());
            sources[i] = withoutNul(d.source().value());
            eventIds[i] = d.eventId() == null ? null : withoutNul(d.eventId());
            failedAt[i] = TimestampText.of(d.failedAt());
            keys[i] = d.key() == null ? null : withoutNul(d.key().value());
            attempts[i] = d.attempts();
        }
        if (Arrays.stream(keys).anyMatch(Objects::nonNull)) {
            try (ArrayStatement lock = ArrayStatement.prepare(connection, LOCK_KEYS)) {
                lock.arrays("text", keys).query();
            }
        }
        try (ArrayStatement statement = ArrayStatement.prepare(connection, INSERT)) {
            statement.arrays("text", reasons, details, payloads, origins, sources, eventIds, failedAt, keys)
                    .arrays("int4", attempts)
                    .update();
        }
    }

    private static String withoutNul(String text) {
        return text.indexOf('\u0000') < 0 ? text : text.replace('\u0000', '\uFFFD');
    }
}
