-- A batch read twice (a Kafka rebalance, a rewind after a failed store) sets the same records aside
-- again: the key names the buffer record a dead letter came from, so it is stored once. Rows without
-- a key (older rows, records the store refused) are all kept: NULLs never conflict.
ALTER TABLE dead_letters ADD COLUMN dedupe_key text;
CREATE UNIQUE INDEX dead_letters_dedupe_key_idx ON dead_letters (dedupe_key);
