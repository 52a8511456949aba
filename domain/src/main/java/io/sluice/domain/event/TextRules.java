package io.sluice.domain.event;

/** Character rules shared by the identifier types; PostgreSQL text cannot hold NUL at all. */
final class TextRules {

    private TextRules() {
    }

    static boolean isPrintable(String value) {
        for (int i = 0; i < value.length(); i++) {
            if (Character.isISOControl(value.charAt(i))) {
                return false;
            }
        }
        return true;
    }

    static boolean containsNul(String value) {
        return value.indexOf('\u0000') >= 0;
    }

    /** True when the text is well-formed UTF-16, so it encodes to UTF-8 without loss. */
    static boolean hasOnlyPairedSurrogates(String value) {
        for (int i = 0; i < value.length(); i++) {
            char c = value.charAt(i);
            if (Character.isHighSurrogate(c)) {
                if (i + 1 >= value.length() || !Character.isLowSurrogate(value.charAt(i + 1))) {
                    return false;
                }
                i++;
            } else if (Character.isLowSurrogate(c)) {
                return false;
            }
        }
        return true;
    }
}
