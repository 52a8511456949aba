package io.sluice.adapters.http;

import java.util.Arrays;

/**
 * Finds {@code \}{@code uD800}–{@code \}{@code uDFFF} escapes in JSON field names that are not half
 * of a pair. They are legal JSON text, but Jackson's UTF-8 parser fails on one inside a field name
 * ("Invalid UTF-8: Illegal surrogate character"), which would refuse a whole JSON array for one
 * item's key. Masking each with the same-length escape {@code \}{@code uFFFD} keeps every byte
 * offset, so the request can be read item by item from the masked copy while each item's raw
 * bytes are still cut from what the client sent, and the items that held one are rejected alone.
 * Stateless and thread-safe.
 */
final class LoneSurrogateEscapes {

    private static final int[] NONE = new int[0];

    private LoneSurrogateEscapes() {
    }

    /**
     * The offsets of the backslashes of unpaired surrogate escapes in the field names of
     * {@code bytes[0, length)}, ascending. (In string values Jackson reads them, and the rules at
     * the door reject the item with their own message.)
     */
    static int[] find(byte[] bytes, int length) {
        int[] found = NONE;
        int count = 0;
        int countAtStringStart = 0;
        boolean inString = false;
        for (int i = 0; i < length; i++) {
            byte b = bytes[i];
            if (!inString) {
                inString = b == '"';
                countAtStringStart = count;
                continue;
            }
            if (b == '"') {
                inString = false;
                if (count > countAtStringStart && !followedByColon(bytes, i + 1, length)) {
                    count = countAtStringStart;
                }
            } else if (b == '\\') {
                int unit = unit(bytes, i, length);
                if (unit >= 0xD800 && unit <= 0xDBFF && isLow(unit(bytes, i + 6, length))) {
                    i += 11;
                } else if (unit >= 0xD800 && unit <= 0xDFFF) {
                    if (count == found.length) {
                        found = Arrays.copyOf(found, Math.max(4, count * 2));
                    }
                    found[count++] = i;
                    i += 5;
                } else {
                    i += unit >= 0 ? 5 : 1;
                }
            }
        }
        return count == found.length ? found : Arrays.copyOf(found, count);
    }

    /** A copy of {@code bytes[0, length)} with every escape at {@code at} replaced by {@code \}{@code uFFFD}. */
    static byte[] masked(byte[] bytes, int length, int[] at) {
        byte[] copy = Arrays.copyOf(bytes, length);
        for (int escape : at) {
            copy[escape + 2] = 'F';
            copy[escape + 3] = 'F';
            copy[escape + 4] = 'F';
            copy[escape + 5] = 'D';
        }
        return copy;
    }

    /** Whether one of the escapes at {@code at} lies in {@code [from, to)}. */
    static boolean anyWithin(int[] at, int from, int to) {
        for (int escape : at) {
            if (escape >= from && escape < to) {
                return true;
            }
        }
        return false;
    }

    /** The code unit of a {@code \}{@code uXXXX} escape starting at {@code i}, or -1 when there is none. */
    private static int unit(byte[] bytes, int i, int length) {
        if (i + 5 >= length || bytes[i] != '\\' || bytes[i + 1] != 'u') {
            return -1;
        }
        int unit = 0;
        for (int k = 2; k < 6; k++) {
            int digit = Character.digit(bytes[i + k], 16);
            if (digit < 0) {
                return -1;
            }
            unit = unit * 16 + digit;
        }
        return unit;
    }

    private static boolean followedByColon(byte[] bytes, int from, int length) {
        for (int i = from; i < length; i++) {
            byte b = bytes[i];
            if (b != ' ' && b != '\t' && b != '\r' && b != '\n') {
                return b == ':';
            }
        }
        return false;
    }

    private static boolean isLow(int unit) {
        return unit >= 0xDC00 && unit <= 0xDFFF;
    }
}
