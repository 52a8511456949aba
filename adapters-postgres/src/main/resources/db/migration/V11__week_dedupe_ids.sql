-- Dedupe ids by UTC ISO week of first receipt instead of by day (issue 16). The claim's anti-join
-- cannot be pruned (the partition key is the receipt time, the probe is by id alone), so it probes
-- the primary-key index of every partition: with 7+ day partitions of random ids whose leaves do
-- not fit in memory, most of a populated store's page reads. Weeks make it this week's and last
-- week's partition. Retention drops a week only once all of it is older than the hot retention, so
-- an id is known for 7 to 14 days (with the default) after its first receipt.

-- The one entry point for Java (DayPartitions, PartitionLifecycle) and scripts: for the dedupe
-- tables it creates the week (Monday 00:00 UTC to the next Monday) holding day, named
-- <parent>_wYYYYMMDD after the Monday; every other table keeps its day partitions.
CREATE OR REPLACE FUNCTION sluice_ensure_day_partition(parent text, day date) RETURNS boolean
    LANGUAGE plpgsql AS $$
DECLARE
    weekly     boolean := parent IN ('event_ids', 'sample_ids');
    range_from date    := CASE WHEN weekly THEN day - (extract(isodow FROM day)::int - 1) ELSE day END;
    range_to   date    := range_from + CASE WHEN weekly THEN 7 ELSE 1 END;
    name       text    := CASE WHEN weekly THEN parent || '_w' || to_char(range_from, 'YYYYMMDD')
                               ELSE sluice_day_partition_name(parent, day) END;
BEGIN
    IF to_regclass(quote_ident(name)) IS NOT NULL THEN
        RETURN false;
    END IF;
    EXECUTE format('CREATE TABLE IF NOT EXISTS %I PARTITION OF %I FOR VALUES FROM (%L) TO (%L)',
                   name, parent,
                   to_char(range_from, 'YYYY-MM-DD') || ' 00:00:00+00',
                   to_char(range_to, 'YYYY-MM-DD') || ' 00:00:00+00');
    RETURN true;
EXCEPTION
    WHEN duplicate_table OR unique_violation THEN
        RETURN false;
END
$$;

-- Moves one dedupe table's ids from day partitions to week partitions, in this migration's
-- transaction (all or nothing). Set-based: one INSERT ... SELECT, and the primary key built
-- afterwards (a sorted build per partition instead of millions of random index inserts).
CREATE FUNCTION pg_temp.sluice_week_ids(tbl text, id_column text) RETURNS void
    LANGUAGE plpgsql AS $$
DECLARE
    old_name text := tbl || '_days';
    bounds   record;
BEGIN
    EXECUTE format('ALTER TABLE %I RENAME TO %I', tbl, old_name);
    EXECUTE format('ALTER TABLE %I RENAME CONSTRAINT %I TO %I', old_name, tbl || '_pkey', old_name || '_pkey');
    EXECUTE format('CREATE TABLE %I (%I text NOT NULL, first_received_at timestamptz NOT NULL)'
                   ' PARTITION BY RANGE (first_received_at)', tbl, id_column);

    -- A week for every day an old partition covers (its bounds, not a scan of its rows), plus this week and the next.
    -- The bounds are printed in the session's time zone: read back as timestamps, then taken in UTC.
    FOR bounds IN SELECT (substring(b FROM $r$FROM \('([^']+)'\)$r$)::timestamptz AT TIME ZONE 'UTC')::date AS lo,
                         (substring(b FROM $r$TO \('([^']+)'\)$r$)::timestamptz AT TIME ZONE 'UTC')::date AS hi
                    FROM (SELECT pg_get_expr(c.relpartbound, c.oid) AS b
                            FROM pg_inherits i JOIN pg_class c ON c.oid = i.inhrelid
                           WHERE i.inhparent = old_name::regclass) p LOOP
        PERFORM sluice_ensure_day_partition(tbl, d::date)
           FROM generate_series(bounds.lo, bounds.hi - 1, interval '1 day') AS d;
    END LOOP;
    PERFORM sluice_ensure_day_partition(tbl, (now() AT TIME ZONE 'UTC')::date);
    PERFORM sluice_ensure_day_partition(tbl, (now() AT TIME ZONE 'UTC')::date + 7);

    EXECUTE format('INSERT INTO %I (%I, first_received_at) SELECT %I, first_received_at FROM %I',
                   tbl, id_column, id_column, old_name);
    EXECUTE format('DROP TABLE %I', old_name);
    EXECUTE format('ALTER TABLE %I ADD CONSTRAINT %I PRIMARY KEY (%I, first_received_at)', tbl, tbl || '_pkey', id_column);
END
$$;

SELECT pg_temp.sluice_week_ids('event_ids', 'event_id');
SELECT pg_temp.sluice_week_ids('sample_ids', 'sample_id');
