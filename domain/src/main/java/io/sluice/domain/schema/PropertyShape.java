package io.sluice.domain.schema;

import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.TreeMap;

/**
 * The constraints of one property of an event type's schema, as far as the compatibility check
 * understands them. Keywords it does not model are kept as {@code otherKeywords} (keyword to its
 * value as canonical JSON text): the check accepts them only when both versions carry exactly the
 * same ones, which is sound whatever they mean. Immutable and thread-safe.
 *
 * @param types         the allowed instance types; empty means any type
 * @param enumLiterals  the allowed values ({@code enum}, or {@code const} as one value) as canonical
 *                      JSON literals, or {@code null} when any value is allowed
 * @param minimum       the lower numeric bound, or {@code null}
 * @param maximum       the upper numeric bound, or {@code null}
 * @param minLength     the minimal string length, or {@code null}
 * @param maxLength     the maximal string length, or {@code null}
 * @param pattern       the regular expression strings must match, or {@code null}
 * @param otherKeywords every other constraining keyword with its canonical JSON text
 */
public record PropertyShape(
        Set<JsonType> types,
        Set<String> enumLiterals,
        NumberBound minimum,
        NumberBound maximum,
        Integer minLength,
        Integer maxLength,
        String pattern,
        Map<String, String> otherKeywords) {

    /** A property that accepts any value ({@code {}} or {@code true}). */
    public static final PropertyShape ANY = new PropertyShape(Set.of(), null, null, null, null, null, null, Map.of());

    public PropertyShape {
        types = Set.copyOf(types);
        enumLiterals = enumLiterals == null ? null : Set.copyOf(enumLiterals);
        otherKeywords = Map.copyOf(new TreeMap<>(otherKeywords));
        if (minLength != null && minLength < 0 || maxLength != null && maxLength < 0) {
            throw new IllegalArgumentException("string lengths are not negative");
        }
    }

    /** Whether the property accepts every value. */
    public boolean acceptsAnything() {
        return equals(ANY);
    }

    boolean mayBeNumber() {
        return types.isEmpty() || types.contains(JsonType.NUMBER) || types.contains(JsonType.INTEGER);
    }

    boolean mayBeString() {
        return types.isEmpty() || types.contains(JsonType.STRING);
    }

    /** A copy with other types; for building shapes in tests and adapters. */
    public PropertyShape withTypes(Set<JsonType> newTypes) {
        return new PropertyShape(newTypes, enumLiterals, minimum, maximum, minLength, maxLength, pattern, otherKeywords);
    }

    public PropertyShape withEnum(Set<String> newLiterals) {
        return new PropertyShape(types, newLiterals, minimum, maximum, minLength, maxLength, pattern, otherKeywords);
    }

    public PropertyShape withMinimum(NumberBound bound) {
        return new PropertyShape(types, enumLiterals, bound, maximum, minLength, maxLength, pattern, otherKeywords);
    }

    public PropertyShape withMaximum(NumberBound bound) {
        return new PropertyShape(types, enumLiterals, minimum, bound, minLength, maxLength, pattern, otherKeywords);
    }

    public PropertyShape withLengths(Integer min, Integer max) {
        return new PropertyShape(types, enumLiterals, minimum, maximum, min, max, pattern, otherKeywords);
    }

    public PropertyShape withPattern(String regex) {
        return new PropertyShape(types, enumLiterals, minimum, maximum, minLength, maxLength, regex, otherKeywords);
    }

    public PropertyShape withOtherKeyword(String keyword, String canonicalJson) {
        Map<String, String> more = new TreeMap<>(otherKeywords);
        more.put(Objects.requireNonNull(keyword), Objects.requireNonNull(canonicalJson));
        return new PropertyShape(types, enumLiterals, minimum, maximum, minLength, maxLength, pattern, more);
    }
}
