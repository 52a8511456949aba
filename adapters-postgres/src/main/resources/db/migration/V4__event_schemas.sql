-- Event schemas (tracking plans, issue 17): versioned JSON Schemas per event type, and on every
-- stored event the version it was validated against and the violations it was stored with.

ALTER TABLE raw_events ADD COLUMN schema_version integer;
ALTER TABLE raw_events ADD COLUMN schema_violations jsonb;

-- One row per event type: its latest version and modes. "change" takes a new value from the
-- sequence on every write; instances poll sum(change), which moves with every committed write
-- whatever order concurrent writers commit in (rows are never deleted).
CREATE SEQUENCE event_schema_changes;

CREATE TABLE event_schemas (
    event_type     text        NOT NULL,
    latest_version integer     NOT NULL,
    compatibility  text        NOT NULL,
    enforcement    text        NOT NULL,
    origin         text        NOT NULL,
    updated_at     timestamptz NOT NULL DEFAULT now(),
    change         bigint      NOT NULL DEFAULT nextval('event_schema_changes'),
    CONSTRAINT event_schemas_pkey PRIMARY KEY (event_type),
    CONSTRAINT event_schemas_compatibility_check CHECK (compatibility IN ('backward', 'forward', 'full', 'none')),
    CONSTRAINT event_schemas_enforcement_check CHECK (enforcement IN ('off', 'warn', 'block'))
);

-- Every version ever registered; a version's document never changes.
CREATE TABLE event_schema_versions (
    event_type    text        NOT NULL,
    version       integer     NOT NULL,
    document      text        NOT NULL,
    registered_at timestamptz NOT NULL DEFAULT now(),
    CONSTRAINT event_schema_versions_pkey PRIMARY KEY (event_type, version)
);
