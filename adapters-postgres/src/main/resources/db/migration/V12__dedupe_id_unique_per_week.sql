-- The dedupe claim as one index probe per id and week (issue 16: "one cheap index probe per
-- event"). Until now each week partition of event_ids / sample_ids was unique on (id, receipt
-- time) only, inherited from the parent's primary key: a retry received at another moment of the
-- same week does not collide with it, so the claim had to probe every partition's index by id
-- (NOT EXISTS), this week's and next week's included, and then the insert probed this week's
-- index once more for its own conflict check. With a unique index on the id alone in every week
-- partition, the insert's conflict check (ON CONFLICT DO NOTHING arbitrates on every unique
-- index of the partition it routes to) answers for the week of the receipt, and concurrent claims of
-- one id in one week wait for each other instead of both passing an anti-join that cannot see
-- the other's uncommitted row. The anti-join is left with the other weeks (DedupeIds).
--
-- PostgreSQL only accepts unique indexes that contain the partition key on a partitioned table,
-- so these are the partitions' own indexes, created with each partition; the parent keeps none.

CREATE OR REPLACE FUNCTION sluice_ensure_day_partition(parent text, day date) RETURNS boolean
    LANGUAGE plpgsql AS $$
DECLARE
    weekly     boolean := parent IN ('event_ids', 'sample_ids');
    id_column  text    := CASE parent WHEN 'event_ids' THEN 'event_id' WHEN 'sample_ids' THEN 'sample_id' END;
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
    IF weekly THEN
        -- in the same call, hence the same transaction: a week partition never exists without it
        EXECUTE format('CREATE UNIQUE INDEX %I ON %I (%I)', name || '_id_key', name, id_column);
    END IF;
    RETURN true;
EXCEPTION
    WHEN duplicate_table OR unique_violation THEN
        RETURN false;
END
$$;

-- Gives every existing week partition of one dedupe table its unique index on the id, then drops
-- the parent's primary key (and with it each partition's (id, receipt time) index, now redundant).
-- An id twice in one week could only come from two claims racing before this migration; the first
-- receipt is kept, as the claim would have kept it.
CREATE FUNCTION pg_temp.sluice_unique_week_ids(tbl text, id_column text) RETURNS void
    LANGUAGE plpgsql AS $$
DECLARE
    part text;
BEGIN
    FOR part IN SELECT c.relname FROM pg_inherits i JOIN pg_class c ON c.oid = i.inhrelid
                 WHERE i.inhparent = tbl::regclass ORDER BY 1 LOOP
        EXECUTE format('DELETE FROM ONLY %1$I d USING (SELECT %2$I AS id, min(first_received_at) AS first FROM ONLY %1$I '
                       'GROUP BY 1 HAVING count(*) > 1) twice WHERE d.%2$I = twice.id AND d.first_received_at > twice.first',
                       part, id_column);
        EXECUTE format('CREATE UNIQUE INDEX %I ON %I (%I)', part || '_id_key', part, id_column);
    END LOOP;
    EXECUTE format('ALTER TABLE %I DROP CONSTRAINT %I', tbl, tbl || '_pkey');
END
$$;

SELECT pg_temp.sluice_unique_week_ids('event_ids', 'event_id');
SELECT pg_temp.sluice_unique_week_ids('sample_ids', 'sample_id');
