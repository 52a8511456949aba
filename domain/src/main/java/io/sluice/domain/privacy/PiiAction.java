package io.sluice.domain.privacy;

import java.util.Locale;

/** What happens to a personal-data field before anything is buffered, stored or dead-lettered. */
public enum PiiAction {
    /** Replaced by a keyed hash (HMAC-SHA-256): equal values stay joinable, the value cannot be recovered without the key. */
    HASH,
    /** Replaced by the text {@code [redacted]}. */
    REDACT;

    public static PiiAction fromLabel(String label) {
        return valueOf(label.trim().toUpperCase(Locale.ROOT));
    }
}
