package io.sluice.domain.deadletter;

import io.sluice.domain.event.EventSource;
import java.time.Instant;
import java.util.Arrays;
import java.util.Objects;

/**
 * A record Sluice could not store, kept with the reason and the exact bytes it arrived as, so it
 * can be inspected and replayed. Immutable and thread-safe (the payload is copied in and out).
 *
 * @param reason   the reason class
 * @param detail   what exactly was wrong, for a person
 * @param payload  the original bytes
 * @param origin   where the bytes came from: a route, or a topic/partition/offset
 * @param source   the source the record was attributed to
 * @param eventId  the event id if one could be read, else {@code null}
 * @param failedAt when it was set aside
 * @param attempts how many times processing was tried
 */
public record DeadLetter(
        DeadLetterReason reason,
        String detail,
        byte[] payload,
        String origin,
        EventSource source,
        String eventId,
        Instant failedAt,
        int attempts) {

    public static final int MAX_DETAIL_LENGTH = 2000;

    public DeadLetter {
        Objects.requireNonNull(reason, "reason");
        Objects.requireNonNull(detail, "detail");
        Objects.requireNonNull(origin, "origin");
        Objects.requireNonNull(source, "source");
        Objects.requireNonNull(failedAt, "failedAt");
        payload = payload.clone();
        if (detail.length() > MAX_DETAIL_LENGTH) {
            detail = detail.substring(0, MAX_DETAIL_LENGTH);
        }
        if (attempts < 1) {
            throw new IllegalArgumentException("a dead letter was attempted at least once");
        }
    }

    @Override
    public byte[] payload() {
        return payload.clone();
    }

    public int payloadSize() {
        return payload.length;
    }

    @Override
    public boolean equals(Object other) {
        return other instanceof DeadLetter that
                && reason == that.reason && detail.equals(that.detail) && Arrays.equals(payload, that.payload)
                && origin.equals(that.origin) && source.equals(that.source) && Objects.equals(eventId, that.eventId)
                && failedAt.equals(that.failedAt) && attempts == that.attempts;
    }

    @Override
    public int hashCode() {
        return Objects.hash(reason, detail, Arrays.hashCode(payload), origin, source, eventId, failedAt, attempts);
    }

    @Override
    public String toString() {
        return "DeadLetter[" + reason.label() + ": " + detail + " from " + origin + "]";
    }
}
