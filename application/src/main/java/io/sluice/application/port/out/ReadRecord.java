package io.sluice.application.port.out;

import java.util.Objects;

/**
 * One record as read from the buffer: what it decoded to, the bytes it was read from (kept for
 * dead letters), and where it was read (for example {@code user-events/3@1042}). The origin is
 * unique per record and the same each time the record is read: the consumer derives the id of a
 * foreign record that carries none from it. Immutable.
 */
public record ReadRecord(RecordDraft draft, byte[] raw, String origin) {
    public ReadRecord {
        Objects.requireNonNull(draft, "draft");
        Objects.requireNonNull(raw, "raw");
        Objects.requireNonNull(origin, "origin");
    }
}
