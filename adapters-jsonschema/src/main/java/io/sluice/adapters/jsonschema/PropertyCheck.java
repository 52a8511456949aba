package io.sluice.adapters.jsonschema;

import com.networknt.schema.regex.RegularExpression;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The compiled subschema of one declared property, for {@link AcceptanceCheck}: answers only
 * "certainly valid under networknt" ({@code true}) or "not sure" ({@code false}). Each keyword
 * applies to the JSON types networknt applies it to (lengths and pattern to strings, limits to
 * numbers), so a value of another type passes it, as it does in networknt. Values whose number
 * semantics are subtle (doubles on an {@code "integer"} property, non-finite doubles,
 * {@code BigDecimal}, {@code BigInteger}, other classes) are "not sure". Immutable, thread-safe.
 */
final class PropertyCheck {

    /** Bits of {@link #types}. */
    static final int STRING = 1;
    static final int NUMBER = 1 << 1;
    static final int INTEGER = 1 << 2;
    static final int BOOLEAN = 1 << 3;
    static final int NULL = 1 << 4;
    /** No {@code type} keyword: every type is allowed. */
    static final int ANY = -1;

    /** A {@code false} subschema: no type is allowed, so a present value is never "certainly valid". */
    static final PropertyCheck NOTHING = new PropertyCheck(0, null, false, -1, -1, List.of(), null);
    /** A {@code true} or empty subschema. */
    static final PropertyCheck ANYTHING = new PropertyCheck(ANY, null, false, -1, -1, List.of(), null);

    private final int types;
    /** The string and boolean literals of {@code enum}/{@code const}; null when neither keyword is present. */
    private final Set<Object> literals;
    private final boolean nullLiteral;
    private final int minLength;
    private final int maxLength;
    private final List<NumberLimit> limits;
    private final RegularExpression pattern;

    PropertyCheck(int types, Set<Object> literals, boolean nullLiteral, int minLength, int maxLength, List<NumberLimit> limits,
            RegularExpression pattern) {
        this.types = types;
        this.literals = literals;
        this.nullLiteral = nullLiteral;
        this.minLength = minLength;
        this.maxLength = maxLength;
        this.limits = List.copyOf(limits);
        this.pattern = pattern;
    }

    boolean certainlyValid(Object value) {
        if (value == null) {
            return (types & NULL) != 0 && (literals == null || nullLiteral);
        }
        if (value instanceof String text) {
            return (types & STRING) != 0 && (literals == null || literals.contains(text)) && lengthWithin(text)
                    && (pattern == null || pattern.matches(text));
        }
        if (value instanceof Boolean) {
            return (types & BOOLEAN) != 0 && (literals == null || literals.contains(value));
        }
        if (value instanceof Integer || value instanceof Long) {
            // A number is never equal to a string, boolean or null literal.
            if ((types & (NUMBER | INTEGER)) == 0 || literals != null) {
                return false;
            }
            long number = ((Number) value).longValue();
            for (NumberLimit limit : limits) {
                if (!limit.certainlyWithin(number)) {
                    return false;
                }
            }
            return true;
        }
        if (value instanceof Double number) {
            // networknt counts a double with no fraction as an integer and compares it with an
            // "integer" property's limits as a truncated long: left to it.
            if ((types & NUMBER) == 0 || (types & INTEGER) != 0 || literals != null || !Double.isFinite(number)) {
                return false;
            }
            for (NumberLimit limit : limits) {
                if (!limit.certainlyWithin(number.doubleValue())) {
                    return false;
                }
            }
            return true;
        }
        // Maps and lists (objects, arrays) pass only a schema that says nothing about them.
        if (value instanceof Map<?, ?> || value instanceof List<?>) {
            return types == ANY && literals == null;
        }
        return false;
    }

    private boolean lengthWithin(String text) {
        if (minLength < 0 && maxLength < 0) {
            return true;
        }
        // networknt counts code points, not UTF-16 units (MinLengthValidator, MaxLengthValidator).
        int length = text.codePointCount(0, text.length());
        return (minLength < 0 || length >= minLength) && (maxLength < 0 || length <= maxLength);
    }
}
