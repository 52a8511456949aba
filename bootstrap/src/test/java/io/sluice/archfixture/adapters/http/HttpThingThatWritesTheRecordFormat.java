package io.sluice.archfixture.adapters.http;

import io.sluice.archfixture.adapters.recordformat.RecordFormatThing;

/** Deliberately breaks the rule that only the buffer and the dead-letter store know the record format. */
public final class HttpThingThatWritesTheRecordFormat {
    public int version() {
        return new RecordFormatThing().version();
    }
}
