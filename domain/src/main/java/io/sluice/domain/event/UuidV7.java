package io.sluice.domain.event;

import java.util.UUID;
import java.util.random.RandomGenerator;

/**
 * Time-ordered UUIDs (RFC 9562 version 7) for events that arrive without an id, so generated ids
 * sort by arrival and index well. The caller supplies the time and the randomness: the domain
 * reads no clock. Thread-safe if the random generator is.
 */
public final class UuidV7 {

    private UuidV7() {
    }

    public static EventId next(long unixMillis, RandomGenerator random) {
        long mostSignificant = (unixMillis << 16) | 0x7000L | (random.nextLong() & 0x0FFFL);
        long leastSignificant = (random.nextLong() & 0x3FFF_FFFF_FFFF_FFFFL) | 0x8000_0000_0000_0000L;
        return new EventId(new UUID(mostSignificant, leastSignificant).toString());
    }
}
