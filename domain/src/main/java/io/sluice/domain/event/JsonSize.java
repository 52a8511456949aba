package io.sluice.domain.event;

import java.util.List;
import java.util.Map;

/**
 * The size in bytes of a JSON value in JDK types, encoded as compact UTF-8 JSON (no whitespace,
 * the escapes JSON requires) with numbers as Java prints them ({@code 1e9} is {@code 1.0E9}).
 * It is the one measure of the 32 KB properties rule: a function of the parsed values, so every
 * place that checks the rule (ingress, the consumer, a replay) gets the same figure whatever
 * bytes it read the values from. Stateless and thread-safe.
 */
final class JsonSize {

    /**
     * How many times larger than any JSON text of a value its measure can be: a number is measured
     * at most 24 characters ({@code -1.2345678901234567E-300}) and a JSON number that prints
     * differently takes at least 3 ({@code 1e6}); strings, names, literals and structure never
     * measure more than their text.
     */
    static final int MAX_GROWTH = 8;

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
