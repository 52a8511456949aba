package io.sluice.archfixture.adapters.kafka;

import io.sluice.archfixture.adapters.recordformat.RecordFormatThing;

/** A buffer adapter writing the record format: allowed by both rules. */
public final class KafkaThingThatWritesTheRecordFormat {
    public int version() {
        return new RecordFormatThing().version();
    }
}
