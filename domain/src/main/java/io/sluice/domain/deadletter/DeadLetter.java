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
 * @param key      what makes it the same dead letter when its record is read again, or {@code null}
 *                 when nothing does (such a dead letter is stored each time it is set aside)
 */
public record DeadLetter(
        DeadLetterReason reason,
        String detail,
        byte[] payload,
        String origin,
        EventSource source,
        String eventId,
        Instant failedAt,
        int attempts,
        DeadLetterKey key) {

    public static final int MAX_DETAIL_LENGTH = 2000;

    /** A dead letter without a key. */
    public DeadLetter(DeadLetterReason reason, String detail, byte[] payload, String origin, EventSource source, String eventId,
                      Instant failedAt, int attempts) {
        this(reason, detail, payload, origin, source, eventId, failedAt, attempts, null);
    }

    public DeadLetter {
        Objects.requireNonNull(reason, "reason");
        Objects.requireNonNull(detail, "detail");
        Objects.requireNonNull(origin, "origin");
        Objects.requireNonNull(source, "source");
        Objects.requireNonNull(failedAt, "failedAt");
        payload = payload.clone();
        // The detail quotes client text (a bad timestamp, a label name) and the claimed id is the
        // client's: PostgreSQL text holds neither NUL nor lone surrogates, and a dead letter that
        // cannot be stored would poison the very batch that sets it aside.
        detail = storable(detail.length() > MAX_DETAIL_LENGTH ? detail.substring(0, MAX_DETAIL_LENGTH) : detail);
        origin = storable(origin);
        if (eventId != null && !eventId.equals(storable(eventId))) {
            eventId = null;
        }
        if (attempts < 1) {
            throw new IllegalArgumentException("a dead letter was attempted at least once");
        }
    }

    /** The text with NUL and unpaired surrogates replaced by U+FFFD; the same instance when there are none. */
    private static String storable(String text) {
        StringBuilder out = null;
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            boolean pair = Character.isHighSurrogate(c) && i + 1 < text.length() && Character.isLowSurrogate(text.charAt(i + 1));
            boolean bad = c == '\u0000' || (Character.isSurrogate(c) && !pair);
            if (bad && out == null) {
                out = new StringBuilder(text.length()).append(text, 0, i);
            }
            if (out != null) {
                out.append(bad ? '\uFFFD' : c);
                if (pair) {
                    out.append(text.charAt(i + 1));
                }
            }
            if (pair) {
                i++;
            }
        }
        return out == null ? text : out.toString();
    }

    /** The same dead letter, known by {@code key}. */
    public DeadLetter withKey(DeadLetterKey key) {
        return new DeadLetter(reason, detail, payload, origin, source, eventId, failedAt, attempts, key);
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
                && failedAt.equals(that.failedAt) && attempts == that.attempts && Objects.equals(key, that.key);
    }

    @Override
    public int hashCode() {
        return Objects.hash(reason, detail, Arrays.hashCode(payload), origin, source, eventId, failedAt, attempts, key);
    }

    @Override
    public String toString() {
        return "DeadLetter[" + reason.label() + ": " + detail + " from " + origin + "]";
    }
}
