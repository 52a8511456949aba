package io.sluice.adapters.http;

import java.util.Arrays;
import java.util.HashMap;
import java.util.Map;
import java.util.function.Function;

/**
 * The JSON text (UTF-8) of the object-valued fields of one item, copied out only when asked
 * for: the native routes write the client's encoding of {@code properties} to the buffer
 * instead of encoding the parsed map again. A field sent twice is the last one, as in the map.
 */
final class ObjectTexts implements Function<String, byte[]> {
    private final byte[] bytes;
    /** Field to {from, to} in {@code bytes}; made at the first object-valued field. */
    private Map<String, int[]> ranges;

    ObjectTexts(byte[] bytes) {
        this.bytes = bytes;
    }

    void put(String field, int from, int to) {
        if (ranges == null) {
            ranges = new HashMap<>(4);
        }
        ranges.put(field, new int[] {from, to});
    }

    /** A later value of a field that is not an object replaces an earlier object's text. */
    void remove(String field) {
        if (ranges != null) {
            ranges.remove(field);
        }
    }

    @Override
    public byte[] apply(String field) {
        int[] range = ranges == null ? null : ranges.get(field);
        return range == null ? null : Arrays.copyOfRange(bytes, range[0], range[1]);
    }
}
