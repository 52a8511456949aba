package io.sluice.archfixture.domain;

import io.sluice.archfixture.adapters.recordformat.RecordFormatThing;

/** Deliberately breaks the rule that the core knows no record format, to prove the rule can fail. */
public final class DomainThingThatReadsTheRecordFormat {
    public int version() {
        return new RecordFormatThing().version();
    }
}
