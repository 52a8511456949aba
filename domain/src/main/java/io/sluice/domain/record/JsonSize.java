package io.sluice.domain.record;

import java.util.List;
import java.util.Map;

/**
 * The size in bytes of a JSON value in JDK types, encoded as compact UTF-8 JSON (no whitespace,
 * the escapes JSON requires). Any encoding of the same value is at least this long, so the
 * consumer that measures a document with it is never stricter than ingress, which measured the
 * client's bytes. Stateless and thread-safe.
 */
final class JsonSize {

    private JsonSize() {
    }

    static long of(Object value) {
        if (value == null) {
            return 4;
        }
        if (value instanceof String text) {
            return ofString(text);
        }
        if (value instanceof Boolean flag) {
            return flag ? 4 : 5;
        }
        if (value instanceof Number number) {
            return number.toString().length();
        }
        if (value instanceof Map<?, ?> map) {
            long size = 2 + Math.max(0, map.size() - 1);
            for (Map.Entry<?, ?> entry : map.entrySet()) {
                size += ofString(String.valueOf(entry.getKey())) + 1 + of(entry.getValue());
            }
            return size;
        }
        if (value instanceof List<?> list) {
            long size = 2 + Math.max(0, list.size() - 1);
            for (Object item : list) {
                size += of(item);
            }
            return size;
        }
        return ofString(value.toString());
    }

    private static long ofString(String text) {
        long size = 2;
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            if (c == '"' || c == '\\' || c == '\b' || c == '\f' || c == '\n' || c == '\r' || c == '\t') {
                size += 2;
            } else if (c < 0x20) {
                size += 6;
            } else if (c < 0x80) {
                size += 1;
            } else if (c < 0x800) {
                size += 2;
            } else if (Character.isHighSurrogate(c) && i + 1 < text.length() && Character.isLowSurrogate(text.charAt(i + 1))) {
                size += 4;
                i++;
            } else {
                size += 3;
            }
        }
        return size;
    }
}
