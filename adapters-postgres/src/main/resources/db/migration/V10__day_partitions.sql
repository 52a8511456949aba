-- Storage lifecycle (issue 16): every table that grows with time becomes a declarative range
-- partition by UTC day of the row's own time, so retention drops whole partitions instead of
-- deleting rows. Table names and columns stay what they were; the rows of a V1 store are copied
-- once, inside this migration's transaction (all or nothing).
--
-- The conversion is generic on purpose: columns and plain indexes that other migrations added to
-- these tables are carried over as they are. A unique constraint cannot span partitions unless it
-- contains the partition key, so a primary key gains the key column and any other unique index
-- becomes a plain index (dedupe by event and sample id lives in event_ids / sample_ids below).

-- Name of the partition of one UTC day: <parent>_pYYYYMMDD.
CREATE FUNCTION sluice_day_partition_name(parent text, day date) RETURNS text
    LANGUAGE sql IMMUTABLE AS $$ SELECT parent || '_p' || to_char(day, 'YYYYMMDD') $$;

-- Creates the partition of one UTC day unless it exists. Safe against a concurrent creator: the
-- loser's error is swallowed. Returns true when this call created it.
CREATE FUNCTION sluice_ensure_day_partition(parent text, day date) RETURNS boolean
    LANGUAGE plpgsql AS $$
DECLARE
    name text := sluice_day_partition_name(parent, day);
BEGIN
    IF to_regclass(quote_ident(name)) IS NOT NULL THEN
        RETURN false;
    END IF;
    EXECUTE format('CREATE TABLE IF NOT EXISTS %I PARTITION OF %I FOR VALUES FROM (%L) TO (%L)',
                   name, parent,
                   to_char(day, 'YYYY-MM-DD') || ' 00:00:00+00',
                   to_char(day + 1, 'YYYY-MM-DD') || ' 00:00:00+00');
    RETURN true;
EXCEPTION
    WHEN duplicate_table OR unique_violation THEN
        RETURN false;
END
$$;

-- Converts one V1 table in place into a table partitioned by day of key_column.
CREATE FUNCTION pg_temp.sluice_partition_table(tbl text, key_column text) RETURNS void
    LANGUAGE plpgsql AS $$
DECLARE
    old_name   text := tbl || '_v1';
    index_defs text[];
    pk_name    text;
    pk_columns text[];
    seq        record;
    day        date;
    def        text;
BEGIN
    -- Plain and unique indexes (not the primary key), to be recreated on the new parent.
    SELECT coalesce(array_agg(pg_get_indexdef(i.indexrelid) ORDER BY c.relname), '{}')
      INTO index_defs
      FROM pg_index i JOIN pg_class c ON c.oid = i.indexrelid
     WHERE i.indrelid = tbl::regclass AND NOT i.indisprimary;
    SELECT con.conname, array_agg(a.attname::text ORDER BY k.ord)
      INTO pk_name, pk_columns
      FROM pg_constraint con
      CROSS JOIN LATERAL unnest(con.conkey) WITH ORDINALITY AS k(attnum, ord)
      JOIN pg_attribute a ON a.attrelid = con.conrelid AND a.attnum = k.attnum
     WHERE con.conrelid = tbl::regclass AND con.contype = 'p'
     GROUP BY con.conname;

    EXECUTE format('ALTER TABLE %I RENAME TO %I', tbl, old_name);
    EXECUTE format('CREATE TABLE %I (LIKE %I INCLUDING DEFAULTS INCLUDING CONSTRAINTS INCLUDING GENERATED'
                   ' INCLUDING STORAGE INCLUDING COMMENTS) PARTITION BY RANGE (%I)', tbl, old_name, key_column);

    -- A day for every row already stored, plus the days around today.
    FOR day IN EXECUTE format('SELECT DISTINCT (%I AT TIME ZONE ''UTC'')::date FROM %I', key_column, old_name) LOOP
        PERFORM sluice_ensure_day_partition(tbl, day);
    END LOOP;
    FOR day IN SELECT d::date FROM generate_series((now() AT TIME ZONE 'UTC')::date - 1,
                                                   (now() AT TIME ZONE 'UTC')::date + 3, interval '1 day') AS d LOOP
        PERFORM sluice_ensure_day_partition(tbl, day);
    END LOOP;

    -- LIKE keeps the column order, so SELECT * copies every column, including ones added later.
    EXECUTE format('INSERT INTO %I SELECT * FROM %I', tbl, old_name);

    -- Serial columns: the sequence moves to the new table before the old one (its owner) goes.
    FOR seq IN SELECT a.attname, pg_get_serial_sequence(quote_ident(old_name), a.attname) AS name
                 FROM pg_attribute a
                WHERE a.attrelid = old_name::regclass AND a.attnum > 0 AND NOT a.attisdropped
                  AND pg_get_serial_sequence(quote_ident(old_name), a.attname) IS NOT NULL LOOP
        EXECUTE format('ALTER SEQUENCE %s OWNED BY %I.%I', seq.name, tbl, seq.attname);
    END LOOP;
    EXECUTE format('DROP TABLE %I', old_name);

    IF pk_name IS NOT NULL THEN
        IF NOT key_column = ANY (pk_columns) THEN
            pk_columns := pk_columns || key_column;
        END IF;
        EXECUTE format('ALTER TABLE %I ADD CONSTRAINT %I PRIMARY KEY (%s)', tbl, pk_name,
                       (SELECT string_agg(quote_ident(c), ', ') FROM unnest(pk_columns) AS c));
    END IF;
    FOREACH def IN ARRAY index_defs LOOP
        -- The definitions name the table as it was called when they were read, which is the new parent's name.
        IF def LIKE 'CREATE UNIQUE INDEX %' AND position(quote_ident(key_column) IN def) = 0
                AND position(key_column IN def) = 0 THEN
            def := 'CREATE INDEX' || substr(def, length('CREATE UNIQUE INDEX') + 1);
        END IF;
        EXECUTE def;
    END LOOP;
END
$$;

-- Dedupe ids, one row per id first stored, partitioned by the UTC day of that first receipt:
-- whatever an event's own timestamp, a retry inside the hot window finds its id here.
CREATE TABLE event_ids (
    event_id          text        NOT NULL,
    first_received_at timestamptz NOT NULL,
    CONSTRAINT event_ids_pkey PRIMARY KEY (event_id, first_received_at)
) PARTITION BY RANGE (first_received_at);

CREATE TABLE sample_ids (
    sample_id         text        NOT NULL,
    first_received_at timestamptz NOT NULL,
    CONSTRAINT sample_ids_pkey PRIMARY KEY (sample_id, first_received_at)
) PARTITION BY RANGE (first_received_at);

SELECT pg_temp.sluice_partition_table('raw_events', 'timestamp');
SELECT pg_temp.sluice_partition_table('metrics', 'timestamp');
SELECT pg_temp.sluice_partition_table('minute_aggregations', 'aggregation_minute');
SELECT pg_temp.sluice_partition_table('hourly_aggregations', 'aggregation_hour');
SELECT pg_temp.sluice_partition_table('aggregation_users', 'bucket');
SELECT pg_temp.sluice_partition_table('metric_aggregates', 'bucket_start');
SELECT pg_temp.sluice_partition_table('metric_sketch_bins', 'bucket_start');
SELECT pg_temp.sluice_partition_table('dead_letters', 'failed_at');
SELECT pg_temp.sluice_partition_table('pipeline_metrics', 'recorded_at');

-- The ids already stored are known from their receipt (or, for rows written before received_at
-- existed, from when they were processed).
SELECT sluice_ensure_day_partition('event_ids', d)
  FROM (SELECT DISTINCT (coalesce(received_at, processed_at) AT TIME ZONE 'UTC')::date AS d FROM raw_events
        UNION SELECT gs::date FROM generate_series((now() AT TIME ZONE 'UTC')::date - 1,
                                                    (now() AT TIME ZONE 'UTC')::date + 3, interval '1 day') AS gs) days;
INSERT INTO event_ids (event_id, first_received_at)
SELECT event_id, min(coalesce(received_at, processed_at)) FROM raw_events GROUP BY event_id;

SELECT sluice_ensure_day_partition('sample_ids', d)
  FROM (SELECT DISTINCT (coalesce(received_at, processed_at) AT TIME ZONE 'UTC')::date AS d FROM metrics WHERE sample_id IS NOT NULL
        UNION SELECT gs::date FROM generate_series((now() AT TIME ZONE 'UTC')::date - 1,
                                                    (now() AT TIME ZONE 'UTC')::date + 3, interval '1 day') AS gs) days;
INSERT INTO sample_ids (sample_id, first_received_at)
SELECT sample_id, min(coalesce(received_at, processed_at)) FROM metrics WHERE sample_id IS NOT NULL GROUP BY sample_id;

-- Archived and restored days of the raw tables (events, metrics), and the partitions detached for
-- archiving: the archive's own bookkeeping, so a crash at any step resumes where it stopped.
CREATE TABLE archive_days (
    kind           text        NOT NULL,
    day            date        NOT NULL,
    archived_rows  bigint      NOT NULL DEFAULT 0,
    archived_at    timestamptz,
    restored_at    timestamptz,
    CONSTRAINT archive_days_pkey PRIMARY KEY (kind, day)
);

-- Raw partitions being archived: detached from their parent and renamed, so late rows for the
-- same day go to a fresh partition while these rows are written out, read back and dropped.
CREATE TABLE archive_pending (
    table_name  text        NOT NULL,
    kind        text        NOT NULL,
    day         date        NOT NULL,
    file_token  text        NOT NULL,
    detached_at timestamptz NOT NULL DEFAULT now(),
    CONSTRAINT archive_pending_pkey PRIMARY KEY (table_name)
);
