-- Sluice schema, version 1. Table and column names of the seeds are kept (raw_events,
-- hourly_aggregations, metrics, pipeline_metrics) so their tools keep working.

CREATE TABLE raw_events (
    seq              bigserial        NOT NULL,
    event_id         text             NOT NULL,
    user_id          text             NOT NULL,
    event_type       text             NOT NULL,
    event_data       jsonb            NOT NULL DEFAULT '{}'::jsonb,
    duration_seconds double precision,
    "timestamp"      timestamptz      NOT NULL,
    processed_at     timestamptz      NOT NULL DEFAULT now(),
    session_id       text,
    received_at      timestamptz,
    source           text,
    CONSTRAINT raw_events_pkey PRIMARY KEY (seq),
    CONSTRAINT raw_events_event_id_key UNIQUE (event_id)
);
-- Query filters: by type or by user over a time range; newest-first listing uses the seq key.
CREATE INDEX raw_events_type_timestamp_idx ON raw_events (event_type, "timestamp");
CREATE INDEX raw_events_user_timestamp_idx ON raw_events (user_id, "timestamp");

CREATE TABLE minute_aggregations (
    aggregation_minute     timestamptz      NOT NULL,
    event_type             text             NOT NULL,
    total_events           bigint           NOT NULL,
    unique_users           bigint           NOT NULL,
    total_duration_seconds double precision NOT NULL,
    avg_duration_seconds   double precision NOT NULL,
    events_with_duration   bigint           NOT NULL,
    updated_at             timestamptz      NOT NULL DEFAULT now(),
    CONSTRAINT minute_aggregations_pkey PRIMARY KEY (aggregation_minute, event_type)
);

CREATE TABLE hourly_aggregations (
    aggregation_hour       timestamptz      NOT NULL,
    event_type             text             NOT NULL,
    total_events           bigint           NOT NULL,
    unique_users           bigint           NOT NULL,
    total_duration_seconds double precision NOT NULL,
    avg_duration_seconds   double precision NOT NULL,
    events_with_duration   bigint           NOT NULL,
    updated_at             timestamptz      NOT NULL DEFAULT now(),
    CONSTRAINT hourly_aggregations_pkey PRIMARY KEY (aggregation_hour, event_type)
);

-- The users already counted per bucket: a user is added to unique_users only when this
-- insert is new, which keeps the count exact across batches, replays and restarts.
CREATE TABLE aggregation_users (
    granularity text        NOT NULL,
    bucket      timestamptz NOT NULL,
    event_type  text        NOT NULL,
    user_id     text        NOT NULL,
    CONSTRAINT aggregation_users_pkey PRIMARY KEY (granularity, bucket, event_type, user_id)
);

CREATE TABLE metrics (
    id           bigserial        NOT NULL,
    name         text             NOT NULL,
    value        double precision NOT NULL,
    "timestamp"  timestamptz      NOT NULL,
    labels       jsonb            NOT NULL DEFAULT '{}'::jsonb,
    sample_id    text,
    received_at  timestamptz,
    processed_at timestamptz      NOT NULL DEFAULT now(),
    CONSTRAINT metrics_pkey PRIMARY KEY (id),
    CONSTRAINT metrics_sample_id_key UNIQUE (sample_id)
);
CREATE INDEX metrics_timestamp_id_idx ON metrics ("timestamp" DESC, id DESC);
CREATE INDEX metrics_name_timestamp_idx ON metrics (name, "timestamp");

CREATE TABLE metric_aggregates (
    window_label text             NOT NULL,
    bucket_start timestamptz      NOT NULL,
    name         text             NOT NULL,
    labels_key   text             NOT NULL,
    labels       jsonb            NOT NULL,
    count        bigint           NOT NULL,
    sum          double precision NOT NULL,
    min          double precision NOT NULL,
    max          double precision NOT NULL,
    updated_at   timestamptz      NOT NULL DEFAULT now(),
    CONSTRAINT metric_aggregates_pkey PRIMARY KEY (window_label, bucket_start, name, labels_key)
);

-- Bins of the quantile sketch (io.sluice.domain.metric.SketchBins): sign 1 positive, -1
-- negative, 0 the zero bin (index 0). Counts add up, so p95 stays mergeable.
CREATE TABLE metric_sketch_bins (
    window_label text        NOT NULL,
    bucket_start timestamptz NOT NULL,
    name         text        NOT NULL,
    labels_key   text        NOT NULL,
    sign         smallint    NOT NULL,
    bin_index    integer     NOT NULL,
    count        bigint      NOT NULL,
    CONSTRAINT metric_sketch_bins_pkey PRIMARY KEY (window_label, bucket_start, name, labels_key, sign, bin_index),
    CONSTRAINT metric_sketch_bins_sign_check CHECK (sign IN (-1, 0, 1))
);

CREATE TABLE dead_letters (
    id                bigserial   NOT NULL,
    reason            text        NOT NULL,
    detail            text        NOT NULL,
    payload           bytea       NOT NULL,
    origin            text        NOT NULL,
    source            text        NOT NULL,
    event_id          text,
    failed_at         timestamptz NOT NULL,
    attempts          integer     NOT NULL,
    stored_at         timestamptz NOT NULL DEFAULT now(),
    replayed_at       timestamptz,
    replayed_event_id text,
    CONSTRAINT dead_letters_pkey PRIMARY KEY (id)
);
CREATE INDEX dead_letters_reason_id_idx ON dead_letters (reason, id);
CREATE INDEX dead_letters_pending_id_idx ON dead_letters (id) WHERE replayed_at IS NULL;

CREATE TABLE consumer_positions (
    consumer_group text        NOT NULL,
    stream         text        NOT NULL,
    partition      integer     NOT NULL,
    next_position  bigint      NOT NULL,
    updated_at     timestamptz NOT NULL DEFAULT now(),
    CONSTRAINT consumer_positions_pkey PRIMARY KEY (consumer_group, stream, partition)
);

-- Seed 003's pipeline metrics table; its snapshot writer comes later.
CREATE TABLE pipeline_metrics (
    id           bigserial        NOT NULL,
    metric_name  text             NOT NULL,
    metric_value double precision NOT NULL,
    labels       jsonb            NOT NULL DEFAULT '{}'::jsonb,
    recorded_at  timestamptz      NOT NULL DEFAULT now(),
    CONSTRAINT pipeline_metrics_pkey PRIMARY KEY (id)
);
CREATE INDEX pipeline_metrics_name_recorded_idx ON pipeline_metrics (metric_name, recorded_at);
