-- A batch read twice (a Kafka rebalance, a rewind after a failed store) sets the same records aside
-- again: the key names the buffer record a dead letter came from, so it is stored once. Rows without
-- a key (older rows, records the store refused) are all kept. Not a unique index: dead_letters is
-- partitioned by failed_at (V10), which two reads of a record do not share; the writer looks the key
-- up under a lock on it instead (BatchWriter).
ALTER TABLE dead_letters ADD COLUMN dedupe_key text;
CREATE INDEX dead_letters_dedupe_key_idx ON dead_letters (dedupe_key) WHERE dedupe_key IS NOT NULL;
