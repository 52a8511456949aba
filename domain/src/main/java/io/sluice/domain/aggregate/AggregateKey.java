package io.sluice.domain.aggregate;

import io.sluice.domain.event.EventType;
import java.time.Instant;
import java.util.Objects;

/**
 * One aggregate bucket: events of one type whose timestamp falls in one minute or hour. Late
 * events land in the bucket of their own timestamp, not of their arrival. Immutable, thread-safe.
 */
public record AggregateKey(Granularity granularity, Instant bucketStart, EventType type) {

    public AggregateKey {
        Objects.requireNonNull(granularity, "granularity");
        Objects.requireNonNull(bucketStart, "bucketStart");
        Objects.requireNonNull(type, "type");
        if (!granularity.startsBucket(bucketStart)) {
            throw new IllegalArgumentException("a bucket starts on a " + granularity.label() + " boundary");
        }
    }
}
