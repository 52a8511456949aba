package io.sluice.adapters.http;

import java.nio.charset.StandardCharsets;
import java.util.Base64;

/**
 * Opaque paging cursors: a storage position (an event's sequence, a dead letter's id) with a
 * one-letter kind, in URL-safe Base64 so clients treat it as a token, not a number to compute
 * with. The kind keeps a cursor from one listing from being used on another. Stateless.
 */
enum Cursor {
    EVENTS('e'),
    DEAD_LETTERS('d');

    private final char kind;

    Cursor(char kind) {
        this.kind = kind;
    }

    String encode(long position) {
        return Base64.getUrlEncoder().withoutPadding().encodeToString((kind + Long.toString(position)).getBytes(StandardCharsets.US_ASCII));
    }

    /** The position, or {@code null} when absent; 400 {@code invalid_parameter} when it is not a cursor this listing issued. */
    Long decode(String cursor) {
        if (QueryParameters.absent(cursor)) {
            return null;
        }
        try {
            String text = new String(Base64.getUrlDecoder().decode(cursor), StandardCharsets.US_ASCII);
            if (text.length() > 1 && text.charAt(0) == kind) {
                long position = Long.parseLong(text, 1, text.length(), 10);
                if (position >= 0) {
                    return position;
                }
            }
        } catch (IllegalArgumentException notOurs) {
            // NumberFormatException included; answered below
        }
        throw HttpProblem.invalidParameter("cursor", "is not a cursor this listing returned");
    }
}
