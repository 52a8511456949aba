package io.sluice.adapters.postgres;

import io.sluice.application.port.out.ClaimDeadLettersPort;
import io.sluice.application.port.out.LoadDeadLettersPort;
import io.sluice.application.port.out.MarkDeadLettersReplayedPort;
import io.sluice.application.port.in.DeadLetterQuery;
import io.sluice.application.port.in.StoredDeadLetter;
import io.sluice.application.port.out.ReplayCandidate;
import io.sluice.domain.deadletter.DeadLetter;
import io.sluice.domain.deadletter.DeadLetterKey;
import io.sluice.domain.deadletter.DeadLetterReason;
import io.sluice.domain.event.EventSource;
import io.sluice.adapters.recordformat.RecordDocument;
import io.sluice.application.port.out.BufferedRecord;
import io.sluice.application.port.out.RecordDraft;
import java.io.IOException;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.jdbi.v3.core.Jdbi;
import org.jdbi.v3.core.mapper.RowMapper;
import org.jdbi.v3.core.statement.Query;
import org.jdbi.v3.core.statement.StatementContext;

/** Lists dead letters, decodes them for replay and marks them replayed. Thread-safe. */
public final class DeadLetterStore implements LoadDeadLettersPort, ClaimDeadLettersPort, MarkDeadLettersReplayedPort {

    private static final String COLUMNS = """
            SELECT id, reason, detail, payload, origin, source, event_id, failed_at, attempts, dedupe_key, replayed_at, replayed_event_id
            FROM dead_letters
            """;

    private final Jdbi jdbi;

    public DeadLetterStore(Jdbi jdbi) {
        this.jdbi = jdbi;
    }

    /**
     * A listing, newest first: at most {@code query.limit()} rows, and only while the payload bytes
     * carried before a row stay under {@link DeadLetterQuery#PAGE_PAYLOAD_BYTES} (PostgreSQL sums
     * them over the rows in id order, so no payload beyond the budget reaches this process);
     * payloads over {@link DeadLetterQuery#LISTED_PAYLOAD_BYTES} are left out, with their size.
     */
    @Override
    public List<StoredDeadLetter> find(DeadLetterQuery query) {
        return page(query, DeadLetterQuery.LISTED_PAYLOAD_BYTES);
    }

    private List<StoredDeadLetter> page(DeadLetterQuery query, int carriedUpTo) {
        Map<String, Object> values = new LinkedHashMap<>();
        String sql = """
                SELECT id, reason, detail, CASE WHEN payload_bytes <= :carried THEN payload ELSE ''::bytea END AS payload,
                       payload_bytes, origin, source, event_id, failed_at, attempts, dedupe_key, replayed_at, replayed_event_id
                FROM (SELECT d.*, octet_length(d.payload) AS payload_bytes,
                             sum(CASE WHEN octet_length(d.payload) <= :carried THEN octet_length(d.payload) ELSE 0 END)
                                 OVER (ORDER BY d.id DESC ROWS UNBOUNDED PRECEDING) AS carried_through
                      FROM dead_letters d""" + EventReads.where(conditions(query, values)) + """
                       ORDER BY d.id DESC LIMIT :limit) page
                WHERE carried_through - CASE WHEN payload_bytes <= :carried THEN payload_bytes ELSE 0 END < :budget
                ORDER BY id DESC
                """;
        return StoreFailures.guard("find dead letters", () -> jdbi.withHandle(handle -> {
            Query q = handle.createQuery(sql).bind("limit", query.limit()).bind("carried", carriedUpTo)
                    .bind("budget", (long) DeadLetterQuery.PAGE_PAYLOAD_BYTES);
            values.forEach(q::bind);
            return q.map(new DeadLetterMapper()).list();
        }));
    }

    /**
     * The ids a replay chunk may hold: newest first, at most the limit, and only while the payload
     * bytes before each stay under {@link DeadLetterQuery#PAGE_PAYLOAD_BYTES} (the first always).
     * A sub-select, since PostgreSQL allows no window function beside {@code FOR UPDATE}.
     */
    private static final String CHUNK_IDS = """
             id IN (SELECT id FROM (SELECT d.id, octet_length(d.payload) AS bytes,
                                           sum(octet_length(d.payload)) OVER (ORDER BY d.id DESC ROWS UNBOUNDED PRECEDING) AS through
                                    FROM dead_letters d %s ORDER BY d.id DESC LIMIT :limit) w
                    WHERE through - bytes < :budget)
            """;

    private static List<String> conditions(DeadLetterQuery query, Map<String, Object> values) {
        List<String> conditions = new ArrayList<>();
        if (query.reason() != null) {
            conditions.add("reason = :reason");
            values.put("reason", query.reason().label());
        }
        if (query.source() != null) {
            conditions.add("source = :source");
            values.put("source", query.source());
        }
        if (query.from() != null) {
            conditions.add("failed_at >= CAST(:from AS timestamptz)");
            values.put("from", TimestampText.of(query.from()));
        }
        if (query.to() != null) {
            conditions.add("failed_at < CAST(:to AS timestamptz)");
            values.put("to", TimestampText.of(query.to()));
        }
        if (query.replayed() != null) {
            conditions.add(query.replayed() ? "replayed_at IS NOT NULL" : "replayed_at IS NULL");
        }
        if (query.beforeId() != null) {
            conditions.add("id < :before");
            values.put("before", query.beforeId());
        }
        return conditions;
    }

    /**
     * Row locks make the hold: pending rows matching the query, skipping those a concurrent replay
     * holds (it reports them), kept locked while the replay appends, and marked in the same
     * transaction.
     */
    @Override
    public void replayPending(DeadLetterQuery query, Instant at, java.util.function.Function<List<ReplayCandidate>, Map<Long, String>> replay) {
        DeadLetterQuery pending = new DeadLetterQuery(query.reason(), query.source(), query.from(), query.to(), false,
                query.beforeId(), query.limit());
        Map<String, Object> values = new LinkedHashMap<>();
        values.put("limit", pending.limit());
        values.put("budget", (long) DeadLetterQuery.PAGE_PAYLOAD_BYTES);
        String chunk = CHUNK_IDS.formatted(EventReads.where(conditions(pending, values)));
        hold(COLUMNS + " WHERE replayed_at IS NULL AND" + chunk + " ORDER BY id DESC FOR UPDATE SKIP LOCKED", values, at, replay);
    }

    /**
     * Waits for a concurrent replay holding the row (no SKIP LOCKED): PostgreSQL then checks
     * {@code replayed_at IS NULL} again on the committed row, so the waiter finds it replayed and
     * holds nothing.
     */
    @Override
    public void replayPendingOne(long id, Instant at, java.util.function.Function<List<ReplayCandidate>, Map<Long, String>> replay) {
        hold(COLUMNS + " WHERE id = :id AND replayed_at IS NULL FOR UPDATE", Map.of("id", id), at, replay);
    }

    private void hold(String sql, Map<String, Object> values, Instant at, java.util.function.Function<List<ReplayCandidate>, Map<Long, String>> replay) {
        RuntimeException[] replayFailed = new RuntimeException[1];
        try {
            StoreFailures.guard("replay dead letters", () -> jdbi.inTransaction(handle -> {
                Query q = handle.createQuery(sql);
                values.forEach(q::bind);
                List<ReplayCandidate> held = new ArrayList<>();
                for (StoredDeadLetter stored : q.map(new DeadLetterMapper()).list()) {
                    held.add(new ReplayCandidate(stored, decode(stored.letter())));
                }
                Map<Long, String> replayed;
                try {
                    replayed = replay.apply(held);
                } catch (RuntimeException failed) {
                    replayFailed[0] = failed;
                    throw failed;
                }
                return mark(handle.getConnection(), replayed, at);
            }));
        } catch (RuntimeException failed) {
            // The replay's own failure (the buffer refused) is its caller's to see, not a store failure.
            throw replayFailed[0] != null ? replayFailed[0] : failed;
        }
    }

    @Override
    public Optional<StoredDeadLetter> findById(long id) {
        return StoreFailures.guard("find a dead letter", () -> jdbi.withHandle(handle ->
                handle.createQuery(COLUMNS + " WHERE id = :id").bind("id", id).map(new DeadLetterMapper()).findOne()));
    }

    @Override
    public List<ReplayCandidate> replayCandidates(DeadLetterQuery query) {
        DeadLetterQuery pending = new DeadLetterQuery(query.reason(), query.source(), query.from(), query.to(), false,
                query.beforeId(), query.limit());
        List<ReplayCandidate> candidates = new ArrayList<>();
        for (StoredDeadLetter stored : page(pending, Integer.MAX_VALUE)) {
            candidates.add(new ReplayCandidate(stored, decode(stored.letter())));
        }
        return candidates;
    }

    /** The pending dead letter {@code id}, looked up by its key; never another one. */
    @Override
    public Optional<ReplayCandidate> replayCandidate(long id) {
        Optional<StoredDeadLetter> pending = StoreFailures.guard("find a dead letter to replay", () -> jdbi.withHandle(handle ->
                handle.createQuery(COLUMNS + " WHERE id = :id AND replayed_at IS NULL").bind("id", id)
                        .map(new DeadLetterMapper()).findOne()));
        return pending.map(stored -> new ReplayCandidate(stored, decode(stored.letter())));
    }

    @Override
    public void markReplayed(Map<Long, String> eventIdsByDeadLetter, Instant at) {
        if (eventIdsByDeadLetter.isEmpty()) {
            return;
        }
        StoreFailures.guard("mark dead letters replayed", () -> jdbi.inTransaction(handle ->
                mark(handle.getConnection(), eventIdsByDeadLetter, at)));
    }

    private static int mark(java.sql.Connection connection, Map<Long, String> eventIdsByDeadLetter, Instant at)
            throws java.sql.SQLException {
        if (eventIdsByDeadLetter.isEmpty()) {
            return 0;
        }
        Long[] ids = eventIdsByDeadLetter.keySet().toArray(Long[]::new);
        String[] eventIds = eventIdsByDeadLetter.values().toArray(String[]::new);
        try (var statement = connection.prepareStatement("""
                UPDATE dead_letters AS d SET replayed_at = CAST(? AS timestamptz), replayed_event_id = r.event_id
                FROM unnest(?::int8[], ?::text[]) AS r(id, event_id)
                WHERE d.id = r.id AND d.replayed_at IS NULL
                """)) {
            statement.setString(1, TimestampText.of(at));
            statement.setArray(2, connection.createArrayOf("int8", ids));
            statement.setArray(3, connection.createArrayOf("text", eventIds));
            return statement.executeUpdate();
        }
    }

    /**
     * A record the store refused, as a dead letter's payload: its buffer document, the shape
     * {@link #decode} reads back when it is replayed. This class is the store's one reader and
     * writer of the buffer's record format.
     */
    static byte[] payload(BufferedRecord record) {
        return JsonCodec.writeBytes(RecordDocument.toDocument(record));
    }

    /** The payload read again as a buffer document; anything but a JSON object is unreadable. */
    static RecordDraft decode(DeadLetter letter) {
        byte[] payload = letter.payload();
        Object parsed;
        try {
            parsed = JsonCodec.readAny(payload);
        } catch (IOException notJson) {
            return new RecordDraft.Unreadable("payload is not JSON: " + notJson.getMessage());
        }
        if (!(parsed instanceof Map<?, ?> map)) {
            return new RecordDraft.Unreadable("payload is not a JSON object");
        }
        @SuppressWarnings("unchecked")
        Map<String, Object> document = (Map<String, Object>) map;
        return RecordDocument.fromDocument(document, payload.length, letter.source());
    }

    private static boolean hasColumn(ResultSet rs, String name) throws SQLException {
        var meta = rs.getMetaData();
        for (int i = 1; i <= meta.getColumnCount(); i++) {
            if (name.equals(meta.getColumnLabel(i))) {
                return true;
            }
        }
        return false;
    }

    /** Maps a {@code dead_letters} row back to the letter it stored. */
    private static final class DeadLetterMapper implements RowMapper<StoredDeadLetter> {
        @Override
        public StoredDeadLetter map(ResultSet rs, StatementContext ctx) throws SQLException {
            DeadLetter letter = new DeadLetter(
                    DeadLetterReason.fromLabel(rs.getString("reason")),
                    rs.getString("detail"),
                    rs.getBytes("payload"),
                    rs.getString("origin"),
                    new EventSource(rs.getString("source")),
                    rs.getString("event_id"),
                    EventReads.instant(rs, "failed_at"),
                    rs.getInt("attempts"),
                    rs.getString("dedupe_key") == null ? null : new DeadLetterKey(rs.getString("dedupe_key")));
            int payloadBytes = hasColumn(rs, "payload_bytes") ? rs.getInt("payload_bytes") : letter.payloadSize();
            return new StoredDeadLetter(rs.getLong("id"), letter, EventReads.instant(rs, "replayed_at"), rs.getString("replayed_event_id"),
                    payloadBytes);
        }
    }
}
