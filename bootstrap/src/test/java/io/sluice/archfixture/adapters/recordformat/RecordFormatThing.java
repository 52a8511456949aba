package io.sluice.archfixture.adapters.recordformat;

/** A stand-in for the buffer's record format, for {@code ArchitectureRulesCanFailTest}. */
public final class RecordFormatThing {
    public int version() {
        return 1;
    }
}
