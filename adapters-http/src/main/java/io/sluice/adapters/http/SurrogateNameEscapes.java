package io.sluice.adapters.http;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;

/**
 * Finds {@code \}{@code uD800}–{@code \}{@code uDFFF} escapes in JSON field names, paired or not.
 * They are legal JSON text, but Jackson's UTF-8 parser fails on any of them inside a field name
 * ("Invalid UTF-8: Illegal surrogate character"), which would refuse a whole JSON array for one
 * item's key, and privacy rules that re-encode a body write a key's emoji as such a pair. Masking
 * each with the same-length escape {@code \}{@code uFFFD} keeps every byte offset, so the request
 * is read item by item from the masked copy, and the items that held one are read again from
 * their own text ({@link #readText}), where Jackson reads the escapes right; the rules at the door
 * then refuse an unpaired one like any other. Stateless and thread-safe.
 */
final class SurrogateNameEscapes {

    private static final int[] NONE = new int[0];

    private SurrogateNameEscapes() {
    }

    /**
     * The offsets of the backslashes of surrogate escapes in the field names of
     * {@code bytes[0, length)}, ascending. (In string values Jackson reads them right.)
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
                if (unit >= 0xD800 && unit <= 0xDFFF) {
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

    /** Reads a body from {@code parsed}, which is the body as sent or its copy masked at {@code surrogateNames}. */
    @FunctionalInterface
    interface BodyRead<T> {
        T read(byte[] parsed, int[] surrogateNames) throws IOException;
    }

    /**
     * Reads {@code bytes[0, length)} as sent; when the parser fails and the body holds surrogate
     * escapes in field names, reads again from the copy masked at them, which keeps every offset
     * (the reader reads the parts holding one again from their own text).
     *
     * @throws HttpProblem {@code malformed_json} when the body is not JSON either way
     */
    static <T> T readMaskedOnFailure(byte[] bytes, int length, BodyRead<T> read) {
        try {
            return read.read(bytes, NONE);
        } catch (JsonProcessingException malformed) {
            int[] escapes = find(bytes, length);
            if (escapes.length == 0) {
                throw HttpProblem.malformedJson(malformed);
            }
            try {
                return read.read(masked(bytes, length, escapes), escapes);
            } catch (JsonProcessingException stillMalformed) {
                throw HttpProblem.malformedJson(stillMalformed);
            } catch (IOException impossible) {
                throw new UncheckedIOException(impossible);
            }
        } catch (IOException impossible) {
            // A byte array cannot fail to read; only the parser's own exceptions above can happen.
            throw new UncheckedIOException(impossible);
        }
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

    /**
     * One JSON value read from its UTF-8 text through a character parser, which reads surrogate
     * escapes in field names right.
     *
     * @throws IOException when the bytes are not UTF-8 or not JSON
     */
    static JsonParser readText(byte[] bytes, int from, int to) throws IOException {
        String text = StandardCharsets.UTF_8.newDecoder().onMalformedInput(CodingErrorAction.REPORT)
                .onUnmappableCharacter(CodingErrorAction.REPORT).decode(ByteBuffer.wrap(bytes, from, to - from)).toString();
        return JsonCodec.MAPPER.createParser(text);
    }
}
