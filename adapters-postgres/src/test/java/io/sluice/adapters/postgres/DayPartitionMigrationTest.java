package io.sluice.adapters.postgres;

import static org.assertj.core.api.Assertions.assertThat;

import io.sluice.application.port.out.StoreReport;
import java.time.Instant;
import java.time.LocalDate;
import java.time.format.DateTimeFormatter;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.flywaydb.core.Flyway;
import org.jdbi.v3.core.Handle;
import org.jdbi.v3.core.Jdbi;
import org.junit.jupiter.api.Test;

/**
 * V10 converts a store written by version 1 into day partitions, V11 moves the dedupe ids of a
 * day-partitioned store into week partitions, without losing or duplicating a row, and V12 makes
 * every week of ids unique on the id.
 */
class DayPartitionMigrationTest {

    private static final List<String> TABLES = List.of("raw_events", "metrics", "minute_aggregations", "hourly_aggregations",
            "aggregation_users", "metric_aggregates", "metric_sketch_bins", "dead_letters", "pipeline_metrics");

    @Test
    void convertsAPopulatedVersionOneStoreRowForRow() {
        PostgresFixture.TestDatabase database = PostgresFixture.newEmptyDatabase();
        Flyway.configure().dataSource(database.dataSource()).locations("classpath:db/migration").target("1").load().migrate();
        Jdbi jdbi = database.jdbi();
        populateAsVersionOne(jdbi);
        // Later migrations (V2-V9) add columns a version-1 store never had: the rows are compared on version 1's columns.
        Map<String, String> columns = columns(jdbi);
        Map<String, String> before = fingerprints(jdbi, columns);
        Map<String, Long> countsBefore = counts(jdbi);

        Migrations.apply(database.dataSource());

        assertThat(counts(jdbi)).isEqualTo(countsBefore);
        assertThat(fingerprints(jdbi, columns)).isEqualTo(before);
        for (String table : TABLES) {
            assertThat(partitioned(jdbi, table)).as(table + " is partitioned").isTrue();
        }
        // 30 days of history, each in its own partition of its own time
        long rawDays = jdbi.withHandle(h -> h.createQuery("""
                SELECT count(*) FROM pg_inherits i JOIN pg_class c ON c.oid = i.inhrelid
                WHERE i.inhparent = 'raw_events'::regclass AND c.relname LIKE 'raw_events_p2025%'""").mapTo(Long.class).one());
        assertThat(rawDays).isEqualTo(30);
        // ids keep coming from the same sequences, after the rows already there
        long nextSeq = jdbi.withHandle(h -> h.createQuery("""
                INSERT INTO raw_events (event_id, user_id, event_type, "timestamp") VALUES ('new', 'u', 't', now())
                RETURNING seq""").mapTo(Long.class).one());
        assertThat(nextSeq).isEqualTo(30 * 100 + 1);
        // the ids already stored are known to the dedupe
        long known = jdbi.withHandle(h -> h.createQuery("SELECT count(*) FROM event_ids").mapTo(Long.class).one());
        assertThat(known).isEqualTo(30 * 100);
        long knownSamples = jdbi.withHandle(h -> h.createQuery("SELECT count(*) FROM sample_ids").mapTo(Long.class).one());
        assertThat(knownSamples).isEqualTo(30 * 20);
        // the seeds' queries work unchanged
        long purchases = jdbi.withHandle(h -> h.createQuery(
                "SELECT count(*) FROM raw_events WHERE event_type = 'purchase' AND \"timestamp\" >= '2025-01-10' AND \"timestamp\" < '2025-01-20'")
                .mapTo(Long.class).one());
        assertThat(purchases).isEqualTo(10 * 50);
    }

    @Test
    void movesTheDedupeIdsOfADayPartitionedStoreIntoWeeksExactlyOnce() {
        PostgresFixture.TestDatabase database = PostgresFixture.newEmptyDatabase();
        Flyway.configure().dataSource(database.dataSource()).locations("classpath:db/migration").target("10").load().migrate();
        Jdbi jdbi = database.jdbi();
        jdbi.useHandle(h -> {
            eightDaysOfEventIds(h);
            h.execute("""
                    INSERT INTO sample_ids (sample_id, first_received_at)
                    SELECT 's' || d || '-' || n, TIMESTAMPTZ '2026-03-05 23:59:59.999999+00' + (d || ' days')::interval
                    FROM generate_series(0, 7) d, generate_series(1, 10) n""");
        });
        assertThat(partitionNames(jdbi, "event_ids")).contains("event_ids_p20260305", "event_ids_p20260312");
        String events = idPrint(jdbi, "event_ids", "event_id");
        String samples = idPrint(jdbi, "sample_ids", "sample_id");

        long started = System.nanoTime();
        Migrations.apply(database.dataSource());
        System.out.printf("V11 moved %d ids in %d ms%n", 8 * 87 + 8 * 10, (System.nanoTime() - started) / 1_000_000);

        assertThat(idPrint(jdbi, "event_ids", "event_id")).isEqualTo(events);
        assertThat(idPrint(jdbi, "sample_ids", "sample_id")).isEqualTo(samples);
        for (String table : List.of("event_ids", "sample_ids")) {
            assertThat(partitionNames(jdbi, table)).as(table)
                    .contains(table + "_w20260302", table + "_w20260309")
                    .allMatch(name -> name.matches(table + "_w\\d{8}"));
        }
        // every id in the week of its first receipt, the week's last microsecond included
        assertThat(countIn(jdbi, "ONLY event_ids_w20260302")).isEqualTo(4 * 87);
        assertThat(countIn(jdbi, "ONLY event_ids_w20260309")).isEqualTo(4 * 87);
        assertThat(countIn(jdbi, "ONLY sample_ids_w20260302")).isEqualTo(4 * 10);
        assertThat(countIn(jdbi, "ONLY sample_ids_w20260309")).isEqualTo(4 * 10);
        // the week of today and the next exist for the writes to come
        String thisWeek = jdbi.withHandle(h -> h.createQuery(
                "SELECT to_char(d - (extract(isodow FROM d)::int - 1), 'YYYYMMDD') FROM (SELECT (now() AT TIME ZONE 'UTC')::date AS d) t")
                .mapTo(String.class).one());
        String nextWeek = LocalDate.parse(thisWeek, DateTimeFormatter.BASIC_ISO_DATE).plusWeeks(1).format(DateTimeFormatter.BASIC_ISO_DATE);
        assertThat(partitionNames(jdbi, "event_ids")).contains("event_ids_w" + thisWeek, "event_ids_w" + nextWeek);

        // ids of both weeks are still refused as duplicates; a new id is stored
        Instant now = Instant.now();
        StoreReport report = new PostgresStore(jdbi).store(TestEvents.batch(
                List.of(TestEvents.event("e0-5", "page_view", "u1", now, null), TestEvents.event("e7-86", "page_view", "u1", now, null),
                        TestEvents.event("new", "page_view", "u1", now, null)),
                List.of(TestEvents.sample("s0-1", "latency", 1, now, Map.of()), TestEvents.sample("s7-10", "latency", 1, now, Map.of()),
                        TestEvents.sample("s-new", "latency", 1, now, Map.of())),
                List.of(), List.of(TestEvents.position(0, 6))));
        assertThat(report.eventsStored()).isEqualTo(1);
        assertThat(report.samplesStored()).isEqualTo(1);
        assertThat(report.duplicates()).isEqualTo(2);
        assertThat(countIn(jdbi, "event_ids WHERE event_id IN ('e0-5', 'e7-86')")).isEqualTo(2);
        assertThat(countIn(jdbi, "sample_ids WHERE sample_id IN ('s0-1', 's7-10')")).isEqualTo(2);
    }

    @Test
    void makesEveryWeekOfDedupeIdsUniqueOnTheIdKeepingTheFirstReceipt() {
        PostgresFixture.TestDatabase database = PostgresFixture.newEmptyDatabase();
        Flyway.configure().dataSource(database.dataSource()).locations("classpath:db/migration").target("11").load().migrate();
        Jdbi jdbi = database.jdbi();
        jdbi.useHandle(h -> {
            eightDaysOfEventIds(h);
            // What version 11's key let through: one id twice in a week (two claims racing), and once more
            // in another week (which stays: the claim's anti-join covers the other weeks).
            h.execute("""
                    INSERT INTO event_ids (event_id, first_received_at) VALUES
                        ('raced', '2026-03-05 10:00+00'), ('raced', '2026-03-06 09:00+00'), ('raced', '2026-03-03 11:00+00'),
                        ('raced', '2026-03-10 10:00+00')""");
            h.execute("INSERT INTO sample_ids (sample_id, first_received_at) VALUES ('s', '2026-03-05 10:00+00'), ('s', '2026-03-04 10:00+00')");
        });
        long ids = countIn(jdbi, "event_ids");

        Migrations.apply(database.dataSource());

        assertThat(countIn(jdbi, "event_ids")).isEqualTo(ids - 2);
        List<String> raced = jdbi.withHandle(h -> h.createQuery(
                "SELECT to_char(first_received_at AT TIME ZONE 'UTC', 'YYYY-MM-DD HH24:MI') FROM event_ids WHERE event_id = 'raced' ORDER BY 1")
                .mapTo(String.class).list());
        assertThat(raced).containsExactly("2026-03-03 11:00", "2026-03-10 10:00");
        assertThat(countIn(jdbi, "sample_ids")).isEqualTo(1);
        for (String table : List.of("event_ids", "sample_ids")) {
            // a partition created before the migration and one created after it, by the same function
            jdbi.useHandle(h -> h.execute("SELECT sluice_ensure_day_partition('" + table + "', DATE '2026-04-01')"));
            assertThat(uniqueIndexes(jdbi, table + "_w20260302")).as(table).containsExactly(table + "_w20260302_id_key");
            assertThat(uniqueIndexes(jdbi, table + "_w20260330")).as(table).containsExactly(table + "_w20260330_id_key");
            assertThat(countIn(jdbi, "pg_constraint WHERE contype IN ('p', 'u') AND conrelid = '" + table + "'::regclass")).as(table).isZero();
        }

        // received again on another day of a week that holds it: refused by the week's unique index
        Instant sameWeek = Instant.parse("2026-03-07T15:00:00Z");
        StoreReport report = new PostgresStore(jdbi).store(TestEvents.batch(
                List.of(TestEvents.event("e0-5", "page_view", "u1", sameWeek, null), TestEvents.event("raced", "page_view", "u1", sameWeek, null)),
                List.of(TestEvents.sample("s", "latency", 1, sameWeek, Map.of())), List.of(), List.of(TestEvents.position(0, 3))));
        assertThat(report.eventsStored()).isZero();
        assertThat(report.samplesStored()).isZero();
        assertThat(report.duplicates()).isEqualTo(2);
    }

    private static List<String> uniqueIndexes(Jdbi jdbi, String table) {
        return jdbi.withHandle(h -> h.createQuery("""
                        SELECT c.relname FROM pg_index i JOIN pg_class c ON c.oid = i.indexrelid
                        WHERE i.indrelid = CAST(:table AS regclass) AND i.indisunique ORDER BY 1""")
                .bind("table", table).mapTo(String.class).list());
    }

    /**
     * Thursday 2026-03-05 to Thursday 2026-03-12 (four days of the week of 2 March, four of the week
     * of 9 March): the partitions of both dedupe tables, and 87 event ids a day.
     */
    private static void eightDaysOfEventIds(Handle h) {
        for (String table : List.of("event_ids", "sample_ids")) {
            h.execute("SELECT sluice_ensure_day_partition('" + table + "', DATE '2026-03-05' + d) FROM generate_series(0, 7) d");
        }
        h.execute("""
                INSERT INTO event_ids (event_id, first_received_at)
                SELECT 'e' || d || '-' || n, TIMESTAMPTZ '2026-03-05 00:00:00+00' + (d || ' days')::interval + (n * 1000 || ' seconds')::interval
                FROM generate_series(0, 7) d, generate_series(0, 86) n""");
    }

    private static String idPrint(Jdbi jdbi, String table, String idColumn) {
        return jdbi.withHandle(h -> h.createQuery("SELECT count(*) || ':' || count(DISTINCT " + idColumn + ") || ':' || md5(string_agg("
                        + idColumn + " || '@' || first_received_at, '|' ORDER BY " + idColumn + ")) FROM " + table)
                .mapTo(String.class).one());
    }

    private static List<String> partitionNames(Jdbi jdbi, String parent) {
        return jdbi.withHandle(h -> h.createQuery("""
                        SELECT c.relname FROM pg_inherits i JOIN pg_class c ON c.oid = i.inhrelid
                        WHERE i.inhparent = CAST(:parent AS regclass) ORDER BY 1""")
                .bind("parent", parent).mapTo(String.class).list());
    }

    /** {@code SELECT count(*) FROM <from>}. */
    private static long countIn(Jdbi jdbi, String from) {
        return jdbi.withHandle(h -> h.createQuery("SELECT count(*) FROM " + from).mapTo(Long.class).one());
    }

    private static void populateAsVersionOne(Jdbi jdbi) {
        jdbi.useHandle(h -> {
            h.execute("""
                    INSERT INTO raw_events (event_id, user_id, event_type, event_data, duration_seconds, "timestamp", processed_at,
                                            session_id, received_at, source)
                    SELECT 'e' || d || '-' || n, 'u' || (n % 7), CASE WHEN n % 2 = 0 THEN 'purchase' ELSE 'page_view' END,
                           jsonb_build_object('n', n), CASE WHEN n % 3 = 0 THEN n * 0.5 END,
                           timestamptz '2025-01-01 00:00:00+00' + (d || ' days')::interval + (n * 797 || ' seconds')::interval,
                           now(), CASE WHEN n % 5 = 0 THEN 's' || n END,
                           CASE WHEN n % 10 = 0 THEN NULL ELSE now() - (d || ' minutes')::interval END, 'default'
                    FROM generate_series(0, 29) d, generate_series(1, 100) n ORDER BY d, n""");
            h.execute("""
                    INSERT INTO minute_aggregations (aggregation_minute, event_type, total_events, unique_users,
                                                     total_duration_seconds, avg_duration_seconds, events_with_duration)
                    SELECT date_trunc('minute', "timestamp"), event_type, count(*), count(DISTINCT user_id),
                           coalesce(sum(duration_seconds), 0), coalesce(avg(duration_seconds), 0), count(duration_seconds)
                    FROM raw_events GROUP BY 1, 2""");
            h.execute("""
                    INSERT INTO hourly_aggregations (aggregation_hour, event_type, total_events, unique_users,
                                                     total_duration_seconds, avg_duration_seconds, events_with_duration)
                    SELECT date_trunc('hour', "timestamp"), event_type, count(*), count(DISTINCT user_id),
                           coalesce(sum(duration_seconds), 0), coalesce(avg(duration_seconds), 0), count(duration_seconds)
                    FROM raw_events GROUP BY 1, 2""");
            h.execute("""
                    INSERT INTO aggregation_users (granularity, bucket, event_type, user_id)
                    SELECT DISTINCT 'hour', date_trunc('hour', "timestamp"), event_type, user_id FROM raw_events""");
            h.execute("""
                    INSERT INTO metrics (name, value, "timestamp", labels, sample_id, received_at)
                    SELECT 'latency', n * 1.5, timestamptz '2025-01-01 00:00:00+00' + (d || ' days')::interval + (n || ' minutes')::interval,
                           jsonb_build_object('route', 'r' || (n % 3)), 's' || d || '-' || n, now()
                    FROM generate_series(0, 29) d, generate_series(1, 20) n""");
            h.execute("""
                    INSERT INTO metrics (name, value, "timestamp") VALUES ('legacy_without_id', 1, timestamptz '2024-12-31 23:59:59+00')""");
            h.execute("""
                    INSERT INTO metric_aggregates (window_label, bucket_start, name, labels_key, labels, count, sum, min, max)
                    SELECT '1h', date_trunc('hour', "timestamp"), name, labels::text, labels, count(*), sum(value), min(value), max(value)
                    FROM metrics GROUP BY 2, 3, 4, 5""");
            h.execute("""
                    INSERT INTO metric_sketch_bins (window_label, bucket_start, name, labels_key, sign, bin_index, count)
                    SELECT '1h', date_trunc('hour', "timestamp"), name, labels::text, 1, floor(value)::int, count(*)
                    FROM metrics GROUP BY 2, 3, 4, 6""");
            h.execute("""
                    INSERT INTO dead_letters (reason, detail, payload, origin, source, event_id, failed_at, attempts, replayed_at)
                    SELECT 'invalid', 'bad ' || n, convert_to('{"n":' || n || '}', 'UTF8'), 'http', 'default', NULL,
                           timestamptz '2025-01-05 00:00:00+00' + (n || ' hours')::interval, 1,
                           CASE WHEN n % 4 = 0 THEN now() END
                    FROM generate_series(1, 60) n""");
            h.execute("""
                    INSERT INTO pipeline_metrics (metric_name, metric_value, labels, recorded_at)
                    SELECT 'backlog', n, '{}', timestamptz '2025-01-01 00:00:00+00' + (n * 7 || ' hours')::interval
                    FROM generate_series(1, 80) n""");
            h.execute("INSERT INTO consumer_positions (consumer_group, stream, partition, next_position) VALUES ('g', 's', 0, 42)");
        });
    }

    private static Map<String, String> columns(Jdbi jdbi) {
        Map<String, String> columns = new LinkedHashMap<>();
        for (String table : TABLES) {
            columns.put(table, jdbi.withHandle(h -> h.createQuery(
                    "SELECT string_agg(quote_ident(column_name), ', ' ORDER BY ordinal_position) FROM information_schema.columns"
                            + " WHERE table_schema = current_schema() AND table_name = :table")
                    .bind("table", table).mapTo(String.class).one()));
        }
        return columns;
    }

    private static Map<String, String> fingerprints(Jdbi jdbi, Map<String, String> columns) {
        Map<String, String> prints = new LinkedHashMap<>();
        for (String table : TABLES) {
            prints.put(table, jdbi.withHandle(h -> h.createQuery(
                    "SELECT md5(string_agg(t::text, '|' ORDER BY t::text)) FROM (SELECT " + columns.get(table) + " FROM " + table + ") t")
                    .mapTo(String.class).one()));
        }
        return prints;
    }

    private static Map<String, Long> counts(Jdbi jdbi) {
        Map<String, Long> counts = new LinkedHashMap<>();
        for (String table : TABLES) {
            counts.put(table, jdbi.withHandle(h -> h.createQuery("SELECT count(*) FROM " + table).mapTo(Long.class).one()));
        }
        return counts;
    }

    private static boolean partitioned(Jdbi jdbi, String table) {
        return jdbi.withHandle(h -> h.createQuery("SELECT relkind = 'p' FROM pg_class WHERE relname = :t")
                .bind("t", table).mapTo(Boolean.class).one());
    }
}
