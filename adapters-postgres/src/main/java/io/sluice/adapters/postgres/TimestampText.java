package io.sluice.adapters.postgres;

import java.time.Instant;
import java.time.temporal.ChronoUnit;

/** Instants as the statements of this adapter send them. Stateless and thread-safe. */
final class TimestampText {

    private TimestampText() {
    }

    /**
     * An instant as PostgreSQL reads it into {@code timestamptz}. Truncated (not rounded) to the
     * microsecond PostgreSQL keeps, so a value never moves into the next minute or hour bucket.
     */
    static String of(Instant instant) {
        return instant.truncatedTo(ChronoUnit.MICROS).toString();
    }
}
