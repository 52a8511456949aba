package io.sluice.adapters.postgres;

import io.sluice.application.port.out.BufferPosition;
import io.sluice.application.port.out.StorableBatch;
import io.sluice.application.port.out.StoreReport;
import io.sluice.domain.aggregate.AggregateDelta;
import io.sluice.domain.aggregate.EventAggregation;
import io.sluice.domain.deadletter.DeadLetter;
import io.sluice.domain.deadletter.DeadLetterReason;
import io.sluice.domain.event.Event;
import io.sluice.domain.event.EventSource;
import io.sluice.domain.event.UserId;
import io.sluice.domain.metric.MetricAggregation;
import io.sluice.domain.metric.MetricDelta;
import io.sluice.domain.metric.MetricSample;
import io.sluice.domain.metric.SketchBins;
import io.sluice.domain.record.BufferedRecord;
import io.sluice.domain.record.RecordDocument;
import java.sql.Array;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Savepoint;
import java.time.Clock;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Base64;
import java.util.Comparator;
import java.util.Deque;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.BiFunction;
import org.jdbi.v3.core.Jdbi;

/**
 * Writes a {@link StorableBatch} in one transaction with a fixed number of set-based statements
 * (arrays bound once and expanded by {@code unnest}), whatever the batch size: events, aggregate
 * deltas with their new users, samples, sample aggregates and sketch bins, dead letters, positions.
 * Thread-safe: each call runs on its own handle; concurrent batches touch shared aggregate rows in
 * a stable key order, which keeps deadlocks rare (and a deadlock is a retryable failure).
 */
final class BatchWriter {

    // Dedupe: an id is new when no partition of event_ids (one per day of first receipt, kept for
    // the hot retention) holds it; DISTINCT ON keeps an id repeated inside the batch once.
    private static final String INSERT_EVENTS = """
            WITH e AS (
                SELECT DISTINCT ON (e.event_id) e.*
                FROM unnest(?::text[], ?::text[], ?::text[], ?::text[], ?::float8[], ?::text[], ?::text[], ?::text[], ?::text[],
                            ?::int4[], ?::text[])
                     WITH ORDINALITY AS e(event_id, user_id, event_type, event_data, duration_seconds, ts, session_id, received_at, source,
                                          schema_version, schema_violations, ord)
                WHERE NOT EXISTS (SELECT 1 FROM event_ids x WHERE x.event_id = e.event_id)
                ORDER BY e.event_id, e.ord
            ), fresh AS (
                INSERT INTO event_ids (event_id, first_received_at)
                SELECT event_id, received_at::timestamptz FROM e ORDER BY event_id
                ON CONFLICT DO NOTHING
                RETURNING event_id
            )
            INSERT INTO raw_events (event_id, user_id, event_type, event_data, duration_seconds, "timestamp",
                                    session_id, received_at, source, schema_version, schema_violations)
            SELECT e.event_id, e.user_id, e.event_type, e.event_data::jsonb, e.duration_seconds, e.ts::timestamptz,
                   e.session_id, e.received_at::timestamptz, e.source, e.schema_version, e.schema_violations::jsonb
            FROM e JOIN fresh USING (event_id)
            ORDER BY e.ord
            RETURNING event_id
            """;

    // One statement: the users new to each bucket are learnt from the insert into aggregation_users
    // and added with the delta, so unique_users stays exact without re-reading any bucket.
    private static final String UPSERT_EVENT_AGGREGATES = """
            WITH delta AS (
                SELECT d.granularity, d.bucket::timestamptz AS bucket, d.event_type, d.events, d.with_duration, d.duration
                FROM unnest(?::text[], ?::text[], ?::text[], ?::int8[], ?::int8[], ?::float8[])
                     AS d(granularity, bucket, event_type, events, with_duration, duration)
            ), added_users AS (
                INSERT INTO aggregation_users (granularity, bucket, event_type, user_id)
                SELECT u.granularity, u.bucket::timestamptz, u.event_type, u.user_id
                FROM unnest(?::text[], ?::text[], ?::text[], ?::text[]) AS u(granularity, bucket, event_type, user_id)
                ORDER BY 1, 2, 3, 4
                ON CONFLICT DO NOTHING
                RETURNING granularity, bucket, event_type
            ), new_users AS (
                SELECT granularity, bucket, event_type, count(*) AS users FROM added_users GROUP BY 1, 2, 3
            ), totals AS (
                SELECT d.granularity, d.bucket, d.event_type, d.events, d.with_duration, d.duration, coalesce(n.users, 0) AS users
                FROM delta d LEFT JOIN new_users n USING (granularity, bucket, event_type)
            ), minutes AS (
                INSERT INTO minute_aggregations AS a (aggregation_minute, event_type, total_events, unique_users,
                        total_duration_seconds, avg_duration_seconds, events_with_duration, updated_at)
                SELECT bucket, event_type, events, users, duration,
                       CASE WHEN with_duration = 0 THEN 0 ELSE duration / with_duration END, with_duration, now()
                FROM totals WHERE granularity = 'minute'
                ORDER BY bucket, event_type
                ON CONFLICT (aggregation_minute, event_type) DO UPDATE SET
                    total_events = a.total_events + excluded.total_events,
                    unique_users = a.unique_users + excluded.unique_users,
                    total_duration_seconds = a.total_duration_seconds + excluded.total_duration_seconds,
                    events_with_duration = a.events_with_duration + excluded.events_with_duration,
                    avg_duration_seconds = CASE WHEN a.events_with_duration + excluded.events_with_duration = 0 THEN 0
                        ELSE (a.total_duration_seconds + excluded.total_duration_seconds)
                             / (a.events_with_duration + excluded.events_with_duration) END,
                    updated_at = now()
                RETURNING 1
            )
            INSERT INTO hourly_aggregations AS a (aggregation_hour, event_type, total_events, unique_users,
                    total_duration_seconds, avg_duration_seconds, events_with_duration, updated_at)
            SELECT bucket, event_type, events, users, duration,
                   CASE WHEN with_duration = 0 THEN 0 ELSE duration / with_duration END, with_duration, now()
            FROM totals WHERE granularity = 'hour'
            ORDER BY bucket, event_type
            ON CONFLICT (aggregation_hour, event_type) DO UPDATE SET
                total_events = a.total_events + excluded.total_events,
                unique_users = a.unique_users + excluded.unique_users,
                total_duration_seconds = a.total_duration_seconds + excluded.total_duration_seconds,
                events_with_duration = a.events_with_duration + excluded.events_with_duration,
                avg_duration_seconds = CASE WHEN a.events_with_duration + excluded.events_with_duration = 0 THEN 0
                    ELSE (a.total_duration_seconds + excluded.total_duration_seconds)
                         / (a.events_with_duration + excluded.events_with_duration) END,
                updated_at = now()
            """;

    private static final String INSERT_SAMPLES = """
            WITH s AS (
                SELECT DISTINCT ON (s.sample_id) s.*
                FROM unnest(?::text[], ?::text[], ?::float8[], ?::text[], ?::text[], ?::text[])
                     WITH ORDINALITY AS s(sample_id, name, value, ts, labels, received_at, ord)
                WHERE NOT EXISTS (SELECT 1 FROM sample_ids x WHERE x.sample_id = s.sample_id)
                ORDER BY s.sample_id, s.ord
            ), fresh AS (
                INSERT INTO sample_ids (sample_id, first_received_at)
                SELECT sample_id, received_at::timestamptz FROM s ORDER BY sample_id
                ON CONFLICT DO NOTHING
                RETURNING sample_id
            )
            INSERT INTO metrics (sample_id, name, value, "timestamp", labels, received_at)
            SELECT s.sample_id, s.name, s.value, s.ts::timestamptz, s.labels::jsonb, s.received_at::timestamptz
            FROM s JOIN fresh USING (sample_id)
            ORDER BY s.ord
            RETURNING sample_id
            """;

    private static final String UPSERT_METRIC_AGGREGATES = """
            WITH aggregates AS (
                INSERT INTO metric_aggregates AS a (window_label, bucket_start, name, labels_key, labels, count, sum, min, max, updated_at)
                SELECT d.window_label, d.bucket::timestamptz, d.name, d.labels_key, d.labels::jsonb, d.count, d.sum, d.min, d.max, now()
                FROM unnest(?::text[], ?::text[], ?::text[], ?::text[], ?::text[], ?::int8[], ?::float8[], ?::float8[], ?::float8[])
                     AS d(window_label, bucket, name, labels_key, labels, count, sum, min, max)
                ORDER BY 1, 2, 3, 4
                ON CONFLICT (window_label, bucket_start, name, labels_key) DO UPDATE SET
                    count = a.count + excluded.count,
                    sum = a.sum + excluded.sum,
                    min = LEAST(a.min, excluded.min),
                    max = GREATEST(a.max, excluded.max),
                    updated_at = now()
                RETURNING 1
            )
            INSERT INTO metric_sketch_bins AS b (window_label, bucket_start, name, labels_key, sign, bin_index, count)
            SELECT x.window_label, x.bucket::timestamptz, x.name, x.labels_key, x.sign, x.bin_index, x.count
            FROM unnest(?::text[], ?::text[], ?::text[], ?::text[], ?::int2[], ?::int4[], ?::int8[])
                 AS x(window_label, bucket, name, labels_key, sign, bin_index, count)
            ORDER BY 1, 2, 3, 4, 5, 6
            ON CONFLICT (window_label, bucket_start, name, labels_key, sign, bin_index) DO UPDATE SET
                count = b.count + excluded.count
            """;

    private static final String INSERT_DEAD_LETTERS = """
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
    private static final String LOCK_DEAD_LETTER_KEYS = """
            SELECT count(pg_advisory_xact_lock(hashtextextended(k, 14))) FROM (SELECT DISTINCT k FROM unnest(?::text[]) AS k
                WHERE k IS NOT NULL ORDER BY k) keys
            """;

    private static final String UPSERT_POSITIONS = """
            INSERT INTO consumer_positions AS p (consumer_group, stream, partition, next_position, updated_at)
            SELECT ?, x.stream, x.partition, x.next_position, now()
            FROM unnest(?::text[], ?::int4[], ?::int8[]) AS x(stream, partition, next_position)
            ORDER BY 2, 3
            ON CONFLICT (consumer_group, stream, partition) DO UPDATE SET
                next_position = GREATEST(p.next_position, excluded.next_position),
                updated_at = now()
            """;

    private final Jdbi jdbi;
    private final Clock clock;
    private final CountedUsers counted;
    private final DayPartitions partitions;

    BatchWriter(Jdbi jdbi, Clock clock, CountedUsers counted) {
        this.jdbi = jdbi;
        this.clock = clock;
        this.counted = counted;
        this.partitions = new DayPartitions(jdbi, clock);
    }

    StoreReport store(StorableBatch batch) {
        partitions.ensureFor(batch);
        List<CountedUsers.Row> sentUsers = new ArrayList<>();
        StoreReport report = StoreFailures.guard("store a batch", () -> jdbi.inTransaction(handle -> {
            sentUsers.clear();
            return write(handle.getConnection(), batch, sentUsers);
        }));
        counted.committed(sentUsers);
        return report;
    }

    private StoreReport write(Connection connection, StorableBatch batch, List<CountedUsers.Row> sentUsers) throws SQLException {
        List<DeadLetter> poisonedEvents = new ArrayList<>();
        List<DeadLetter> poisonedSamples = new ArrayList<>();
        List<Event> storedEvents;
        List<MetricSample> storedSamples;
        if (batch.isolatePoison()) {
            Instant now = clock.instant();
            storedEvents = isolating(connection, batch.events(), this::writeEvents, sentUsers,
                    (event, refusal) -> poison(new BufferedRecord.EventRecord(event), event.source(), event.id().value(), refusal, batch, now),
                    poisonedEvents);
            storedSamples = isolating(connection, batch.samples(), (c, samples, users) -> writeSamples(c, samples), sentUsers,
                    (sample, refusal) -> poison(new BufferedRecord.MetricRecord(sample), EventSource.NATIVE, null, refusal, batch, now),
                    poisonedSamples);
        } else {
            storedEvents = writeEvents(connection, batch.events(), sentUsers);
            storedSamples = writeSamples(connection, batch.samples());
        }
        List<DeadLetter> deadLetters = new ArrayList<>(batch.deadLetters().size() + poisonedEvents.size() + poisonedSamples.size());
        deadLetters.addAll(batch.deadLetters());
        deadLetters.addAll(poisonedEvents);
        deadLetters.addAll(poisonedSamples);
        insertDeadLetters(connection, deadLetters);
        upsertPositions(connection, batch);
        int duplicates = batch.events().size() - storedEvents.size() - poisonedEvents.size();
        return new StoreReport(storedEvents.size(), duplicates, storedSamples.size(), deadLetters.size());
    }

    /** Stores events and adds the newly stored ones to their aggregates; a data error refuses the whole list. */
    private List<Event> writeEvents(Connection connection, List<Event> events, List<CountedUsers.Row> sentUsers) throws SQLException {
        List<Event> stored = insertEvents(connection, events);
        List<AggregateDelta> deltas = EventAggregation.deltasOf(stored);
        for (AggregateDelta delta : deltas) {
            AggregateSums.requireFinite(delta.durationSeconds(), "duration_seconds", delta.key().granularity().label(),
                    delta.key().bucketStart(), delta.key().type().value());
        }
        try {
            upsertEventAggregates(connection, deltas, counted, sentUsers);
        } catch (SQLException refused) {
            throw AggregateSums.named(refused, "duration_seconds");
        }
        return stored;
    }

    /** Stores samples and adds the newly stored ones to their aggregates; a data error refuses the whole list. */
    private static List<MetricSample> writeSamples(Connection connection, List<MetricSample> samples) throws SQLException {
        List<MetricSample> stored = insertSamples(connection, samples);
        List<MetricDelta> deltas = MetricAggregation.deltasOf(stored);
        for (MetricDelta delta : deltas) {
            AggregateSums.requireFinite(delta.sum(), "value", delta.key().window().label(), delta.key().bucketStart(),
                    delta.key().name().value());
        }
        try {
            upsertMetricAggregates(connection, deltas);
        } catch (SQLException refused) {
            throw AggregateSums.named(refused, "value");
        }
        return stored;
    }

    /** Writes a list of records with what they add to the aggregates; may send users to {@code sentUsers}. */
    @FunctionalInterface
    private interface RecordWrite<T> {
        List<T> write(Connection connection, List<T> items, List<CountedUsers.Row> sentUsers) throws SQLException;
    }

    /**
     * The last resort of the dead-letter policy. Each record is written together with its aggregate
     * updates, so a refusal of either (a constraint, a value PostgreSQL cannot hold, a bucket sum that
     * would overflow) sets exactly that record aside. The whole list is tried first under a savepoint;
     * a refused list is halved and each half tried again, down to single records, which become dead
     * letters. The rest of the batch commits in the same transaction: k poisoned records among n cost
     * about 2k·log2(n) statements, not n.
     */
    private static <T> List<T> isolating(Connection connection, List<T> items, RecordWrite<T> write,
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

    private static String refusal(SQLException refused) {
        String state = refused.getSQLState();
        return "the store refused this record: " + refused.getMessage() + (state == null ? "" : " (SQLSTATE " + state + ")");
    }

    private static DeadLetter poison(BufferedRecord record, EventSource source, String eventId, String refusal,
                                     StorableBatch batch, Instant now) {
        byte[] payload = JsonCodec.writeBytes(RecordDocument.toDocument(record));
        // The batch does not carry where each record was read, so the origin names the consumer group.
        return new DeadLetter(DeadLetterReason.RETRIES_EXHAUSTED, refusal, payload, "store/" + batch.group().value(),
                source, eventId, now, Math.max(1, batch.attempts()));
    }

    /** @return the events stored for the first time, in input order */
    private static List<Event> insertEvents(Connection connection, List<Event> events) throws SQLException {
        if (events.isEmpty()) {
            return List.of();
        }
        int n = events.size();
        String[] ids = new String[n];
        String[] users = new String[n];
        String[] types = new String[n];
        String[] data = new String[n];
        Double[] durations = new Double[n];
        String[] timestamps = new String[n];
        String[] sessions = new String[n];
        String[] receivedAt = new String[n];
        String[] sources = new String[n];
        Integer[] schemaVersions = new Integer[n];
        String[] schemaViolations = new String[n];
        for (int i = 0; i < n; i++) {
            Event e = events.get(i);
            schemaVersions[i] = e.schema().version();
            schemaViolations[i] = e.schema().flagged() ? JsonCodec.write(RecordDocument.schemaDocument(e.schema()).get("violations")) : null;
            ids[i] = e.id().value();
            users[i] = e.user().value();
            types[i] = e.type().value();
            data[i] = JsonCodec.write(e.properties().asMap());
            durations[i] = e.durationSeconds();
            timestamps[i] = timestamp(e.timestamp());
            sessions[i] = e.session() == null ? null : e.session().value();
            receivedAt[i] = timestamp(e.receivedAt());
            sources[i] = e.source().value();
        }
        Set<String> inserted = new HashSet<>(n * 2);
        try (PreparedStatement statement = connection.prepareStatement(INSERT_EVENTS)) {
            bind(statement, connection, "text", ids, users, types, data);
            statement.setArray(5, connection.createArrayOf("float8", durations));
            statement.setArray(6, connection.createArrayOf("text", timestamps));
            statement.setArray(7, connection.createArrayOf("text", sessions));
            statement.setArray(8, connection.createArrayOf("text", receivedAt));
            statement.setArray(9, connection.createArrayOf("text", sources));
            statement.setArray(10, connection.createArrayOf("int4", schemaVersions));
            statement.setArray(11, connection.createArrayOf("text", schemaViolations));
            try (ResultSet rows = statement.executeQuery()) {
                while (rows.next()) {
                    inserted.add(rows.getString(1));
                }
            }
        }
        List<Event> stored = new ArrayList<>(inserted.size());
        for (Event event : events) {
            // remove, so an id repeated in the input counts once
            if (inserted.remove(event.id().value())) {
                stored.add(event);
            }
        }
        return stored;
    }

    /** @param sentUsers receives the user rows sent, for {@link CountedUsers#committed} once the transaction commits */
    private static void upsertEventAggregates(Connection connection, List<AggregateDelta> deltas, CountedUsers counted,
                                              List<CountedUsers.Row> sentUsers) throws SQLException {
        if (deltas.isEmpty()) {
            return;
        }
        List<AggregateDelta> sorted = new ArrayList<>(deltas);
        sorted.sort(Comparator.comparing((AggregateDelta d) -> d.key().granularity())
                .thenComparing(d -> d.key().bucketStart())
                .thenComparing(d -> d.key().type().value()));
        int n = sorted.size();
        String[] granularities = new String[n];
        String[] buckets = new String[n];
        String[] types = new String[n];
        Long[] events = new Long[n];
        Long[] withDuration = new Long[n];
        Double[] durations = new Double[n];
        List<String> userGranularities = new ArrayList<>();
        List<String> userBuckets = new ArrayList<>();
        List<String> userTypes = new ArrayList<>();
        List<String> users = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            AggregateDelta d = sorted.get(i);
            granularities[i] = d.key().granularity().label();
            buckets[i] = timestamp(d.key().bucketStart());
            types[i] = d.key().type().value();
            events[i] = d.events();
            withDuration[i] = d.eventsWithDuration();
            durations[i] = d.durationSeconds();
            CountedUsers.Bucket bucket = new CountedUsers.Bucket(granularities[i], buckets[i], types[i]);
            List<String> bucketUsers = new ArrayList<>(d.users().size());
            for (UserId user : d.users()) {
                bucketUsers.add(user.value());
            }
            for (String user : counted.unknown(bucket, bucketUsers)) {
                sentUsers.add(new CountedUsers.Row(bucket, user));
                userGranularities.add(granularities[i]);
                userBuckets.add(buckets[i]);
                userTypes.add(types[i]);
                users.add(user);
            }
        }
        try (PreparedStatement statement = connection.prepareStatement(UPSERT_EVENT_AGGREGATES)) {
            bind(statement, connection, "text", granularities, buckets, types);
            statement.setArray(4, connection.createArrayOf("int8", events));
            statement.setArray(5, connection.createArrayOf("int8", withDuration));
            statement.setArray(6, connection.createArrayOf("float8", durations));
            statement.setArray(7, connection.createArrayOf("text", userGranularities.toArray()));
            statement.setArray(8, connection.createArrayOf("text", userBuckets.toArray()));
            statement.setArray(9, connection.createArrayOf("text", userTypes.toArray()));
            statement.setArray(10, connection.createArrayOf("text", users.toArray()));
            statement.executeUpdate();
        }
    }

    /** @return the samples stored for the first time, in input order */
    private static List<MetricSample> insertSamples(Connection connection, List<MetricSample> samples) throws SQLException {
        if (samples.isEmpty()) {
            return List.of();
        }
        int n = samples.size();
        String[] ids = new String[n];
        String[] names = new String[n];
        Double[] values = new Double[n];
        String[] timestamps = new String[n];
        String[] labels = new String[n];
        String[] receivedAt = new String[n];
        for (int i = 0; i < n; i++) {
            MetricSample s = samples.get(i);
            ids[i] = s.id();
            names[i] = s.name().value();
            values[i] = s.value();
            timestamps[i] = timestamp(s.timestamp());
            labels[i] = JsonCodec.write(s.labels().asMap());
            receivedAt[i] = timestamp(s.receivedAt());
        }
        Set<String> inserted = new HashSet<>(n * 2);
        try (PreparedStatement statement = connection.prepareStatement(INSERT_SAMPLES)) {
            bind(statement, connection, "text", ids, names);
            statement.setArray(3, connection.createArrayOf("float8", values));
            statement.setArray(4, connection.createArrayOf("text", timestamps));
            statement.setArray(5, connection.createArrayOf("text", labels));
            statement.setArray(6, connection.createArrayOf("text", receivedAt));
            try (ResultSet rows = statement.executeQuery()) {
                while (rows.next()) {
                    inserted.add(rows.getString(1));
                }
            }
        }
        List<MetricSample> stored = new ArrayList<>(inserted.size());
        for (MetricSample sample : samples) {
            if (inserted.remove(sample.id())) {
                stored.add(sample);
            }
        }
        return stored;
    }

    private static void upsertMetricAggregates(Connection connection, List<MetricDelta> deltas) throws SQLException {
        if (deltas.isEmpty()) {
            return;
        }
        List<MetricDelta> sorted = new ArrayList<>(deltas);
        sorted.sort(Comparator.comparing((MetricDelta d) -> d.key().window().label())
                .thenComparing(d -> d.key().bucketStart())
                .thenComparing(d -> d.key().name().value())
                .thenComparing(d -> d.key().labels().canonical()));
        int n = sorted.size();
        String[] windows = new String[n];
        String[] buckets = new String[n];
        String[] names = new String[n];
        String[] labelKeys = new String[n];
        String[] labels = new String[n];
        Long[] counts = new Long[n];
        Double[] sums = new Double[n];
        Double[] mins = new Double[n];
        Double[] maxes = new Double[n];
        List<String> binWindows = new ArrayList<>();
        List<String> binBuckets = new ArrayList<>();
        List<String> binNames = new ArrayList<>();
        List<String> binLabelKeys = new ArrayList<>();
        List<Short> binSigns = new ArrayList<>();
        List<Integer> binIndexes = new ArrayList<>();
        List<Long> binCounts = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            MetricDelta d = sorted.get(i);
            windows[i] = d.key().window().label();
            buckets[i] = timestamp(d.key().bucketStart());
            names[i] = d.key().name().value();
            labelKeys[i] = d.key().labels().canonical();
            labels[i] = JsonCodec.write(d.key().labels().asMap());
            counts[i] = d.count();
            sums[i] = d.sum();
            mins[i] = d.min();
            maxes[i] = d.max();
            SketchBins bins = d.bins();
            Map<Short, Map<Integer, Long>> bySign = new LinkedHashMap<>();
            bySign.put(SketchRows.POSITIVE, bins.positive());
            bySign.put(SketchRows.NEGATIVE, bins.negative());
            bySign.put(SketchRows.ZERO, bins.zeros() == 0 ? Map.of() : Map.of(0, bins.zeros()));
            for (Map.Entry<Short, Map<Integer, Long>> sign : bySign.entrySet()) {
                for (Map.Entry<Integer, Long> bin : sign.getValue().entrySet()) {
                    binWindows.add(windows[i]);
                    binBuckets.add(buckets[i]);
                    binNames.add(names[i]);
                    binLabelKeys.add(labelKeys[i]);
                    binSigns.add(sign.getKey());
                    binIndexes.add(bin.getKey());
                    binCounts.add(bin.getValue());
                }
            }
        }
        try (PreparedStatement statement = connection.prepareStatement(UPSERT_METRIC_AGGREGATES)) {
            bind(statement, connection, "text", windows, buckets, names, labelKeys, labels);
            statement.setArray(6, connection.createArrayOf("int8", counts));
            statement.setArray(7, connection.createArrayOf("float8", sums));
            statement.setArray(8, connection.createArrayOf("float8", mins));
            statement.setArray(9, connection.createArrayOf("float8", maxes));
            statement.setArray(10, connection.createArrayOf("text", binWindows.toArray()));
            statement.setArray(11, connection.createArrayOf("text", binBuckets.toArray()));
            statement.setArray(12, connection.createArrayOf("text", binNames.toArray()));
            statement.setArray(13, connection.createArrayOf("text", binLabelKeys.toArray()));
            statement.setArray(14, connection.createArrayOf("int2", binSigns.toArray()));
            statement.setArray(15, connection.createArrayOf("int4", binIndexes.toArray()));
            statement.setArray(16, connection.createArrayOf("int8", binCounts.toArray()));
            statement.executeUpdate();
        }
    }

    private static void insertDeadLetters(Connection connection, List<DeadLetter> letters) throws SQLException {
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
            failedAt[i] = timestamp(d.failedAt());
            keys[i] = d.key() == null ? null : withoutNul(d.key().value());
            attempts[i] = d.attempts();
        }
        if (Arrays.stream(keys).anyMatch(java.util.Objects::nonNull)) {
            try (PreparedStatement lock = connection.prepareStatement(LOCK_DEAD_LETTER_KEYS)) {
                lock.setArray(1, connection.createArrayOf("text", keys));
                lock.executeQuery().close();
            }
        }
        try (PreparedStatement statement = connection.prepareStatement(INSERT_DEAD_LETTERS)) {
            bind(statement, connection, "text", reasons, details, payloads, origins, sources, eventIds, failedAt, keys);
            statement.setArray(9, connection.createArrayOf("int4", attempts));
            statement.executeUpdate();
        }
    }

    private static void upsertPositions(Connection connection, StorableBatch batch) throws SQLException {
        if (batch.positions().isEmpty()) {
            return;
        }
        // One row per partition: the same row twice in one upsert is an error in PostgreSQL.
        Map<String, Map<Integer, Long>> furthest = new LinkedHashMap<>();
        for (BufferPosition position : batch.positions()) {
            furthest.computeIfAbsent(position.stream().value(), s -> new LinkedHashMap<>())
                    .merge(position.partition(), position.next().value(), Math::max);
        }
        List<String> streams = new ArrayList<>();
        List<Integer> partitions = new ArrayList<>();
        List<Long> nexts = new ArrayList<>();
        furthest.forEach((stream, byPartition) -> byPartition.forEach((partition, next) -> {
            streams.add(stream);
            partitions.add(partition);
            nexts.add(next);
        }));
        try (PreparedStatement statement = connection.prepareStatement(UPSERT_POSITIONS)) {
            statement.setString(1, batch.group().value());
            statement.setArray(2, connection.createArrayOf("text", streams.toArray()));
            statement.setArray(3, connection.createArrayOf("int4", partitions.toArray()));
            statement.setArray(4, connection.createArrayOf("int8", nexts.toArray()));
            statement.executeUpdate();
        }
    }

    private static void bind(PreparedStatement statement, Connection connection, String type, Object[]... arrays) throws SQLException {
        for (int i = 0; i < arrays.length; i++) {
            Array array = connection.createArrayOf(type, arrays[i]);
            statement.setArray(i + 1, array);
        }
    }

    /**
     * An instant as PostgreSQL reads it into {@code timestamptz}. Truncated (not rounded) to the
     * microsecond PostgreSQL keeps, so a value never moves into the next minute or hour bucket.
     */
    static String timestamp(Instant instant) {
        return instant.truncatedTo(ChronoUnit.MICROS).toString();
    }

    private static String withoutNul(String text) {
        return text.indexOf('\u0000') < 0 ? text : text.replace('\u0000', '\uFFFD');
    }
}
