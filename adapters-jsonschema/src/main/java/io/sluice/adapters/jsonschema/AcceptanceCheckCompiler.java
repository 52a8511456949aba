package io.sluice.adapters.jsonschema;

import com.networknt.schema.regex.JDKRegularExpressionFactory;
import com.networknt.schema.regex.RegularExpression;
import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import tools.jackson.databind.JsonNode;

/**
 * Compiles an {@link AcceptanceCheck} from a schema document, or none when the schema uses
 * anything outside the small subset the check reproduces exactly: a root of type
 * {@code "object"} with {@code properties}, {@code required} and a boolean
 * {@code additionalProperties}; property subschemas with {@code type} (string, number, integer,
 * boolean, null), {@code enum}, {@code const}, the four number limits, {@code minLength},
 * {@code maxLength} and {@code pattern}; and annotations that never assert. Every other keyword
 * ({@code format}, {@code $ref}, combinators, nested objects and arrays, …) means no check, so
 * networknt validates every event of that schema, as before. Thread-safe (stateless).
 */
final class AcceptanceCheckCompiler {

    /** The dialect JsonSchemaValidation's registry defaults to; another {@code $schema} changes networknt's semantics. */
    private static final Set<String> DIALECT_2020_12 = Set.of("https://json-schema.org/draft/2020-12/schema",
            "https://json-schema.org/draft/2020-12/schema#");

    /** Keywords that only annotate. Not readOnly/writeOnly: networknt can be configured to assert them. */
    private static final Set<String> ROOT_ANNOTATIONS = Set.of("$schema", "$id", "$comment", "title", "description", "examples",
            "default");
    /** In a subschema, {@code $schema} and {@code $id} would start a new resource, possibly of another dialect. */
    private static final Set<String> PROPERTY_ANNOTATIONS = Set.of("$comment", "title", "description", "examples", "default");

    private AcceptanceCheckCompiler() {
    }

    static Optional<AcceptanceCheck> compile(JsonNode schema) {
        if (!schema.isObject()) {
            return Optional.empty();
        }
        Map<String, PropertyCheck> properties = new HashMap<>();
        List<String> required = new ArrayList<>();
        boolean additionalProperties = true;
        for (Map.Entry<String, JsonNode> entry : schema.properties()) {
            JsonNode value = entry.getValue();
            switch (entry.getKey()) {
                case "type" -> {
                    if (!(value.isString() && "object".equals(value.asString()))) {
                        return Optional.empty();
                    }
                }
                case "$schema" -> {
                    if (!(value.isString() && DIALECT_2020_12.contains(value.asString()))) {
                        return Optional.empty();
                    }
                }
                case "properties" -> {
                    if (!value.isObject()) {
                        return Optional.empty();
                    }
                    for (Map.Entry<String, JsonNode> property : value.properties()) {
                        Optional<PropertyCheck> check = property(property.getValue());
                        if (check.isEmpty()) {
                            return Optional.empty();
                        }
                        properties.put(property.getKey(), check.get());
                    }
                }
                case "required" -> {
                    if (!value.isArray()) {
                        return Optional.empty();
                    }
                    for (JsonNode name : value) {
                        if (!name.isString()) {
                            return Optional.empty();
                        }
                        required.add(name.asString());
                    }
                }
                case "additionalProperties" -> {
                    if (!value.isBoolean()) {
                        return Optional.empty();
                    }
                    additionalProperties = value.asBoolean();
                }
                default -> {
                    if (!ROOT_ANNOTATIONS.contains(entry.getKey())) {
                        return Optional.empty();
                    }
                }
            }
        }
        return Optional.of(new AcceptanceCheck(properties, required, additionalProperties));
    }

    private static Optional<PropertyCheck> property(JsonNode schema) {
        if (schema.isBoolean()) {
            return Optional.of(schema.asBoolean() ? PropertyCheck.ANYTHING : PropertyCheck.NOTHING);
        }
        if (!schema.isObject()) {
            return Optional.empty();
        }
        int types = PropertyCheck.ANY;
        Set<Object> literals = null;
        boolean nullLiteral = true;
        int minLength = -1;
        int maxLength = -1;
        List<NumberLimit> limits = new ArrayList<>();
        RegularExpression pattern = null;
        for (Map.Entry<String, JsonNode> entry : schema.properties()) {
            String keyword = entry.getKey();
            JsonNode value = entry.getValue();
            switch (keyword) {
                case "type" -> {
                    types = types(value);
                    if (types == 0) {
                        return Optional.empty();
                    }
                }
                case "enum", "const" -> {
                    if ("enum".equals(keyword) && !value.isArray()) {
                        return Optional.empty();
                    }
                    Set<Object> these = new HashSet<>();
                    boolean theseHaveNull = false;
                    // Numbers, objects and arrays are left out: a value equal to one of them is "not sure".
                    for (JsonNode literal : "enum".equals(keyword) ? value : List.of(value)) {
                        if (literal.isString()) {
                            these.add(literal.asString());
                        } else if (literal.isBoolean()) {
                            these.add(literal.asBoolean());
                        } else if (literal.isNull()) {
                            theseHaveNull = true;
                        }
                    }
                    if (literals != null) {
                        these.retainAll(literals);
                    }
                    literals = these;
                    nullLiteral = nullLiteral && theseHaveNull;
                }
                case "minimum", "exclusiveMinimum", "maximum", "exclusiveMaximum" -> {
                    Optional<BigDecimal> limit = limit(value);
                    if (limit.isEmpty()) {
                        return Optional.empty();
                    }
                    boolean exclusive = keyword.startsWith("exclusive");
                    limits.add(keyword.endsWith("inimum") ? NumberLimit.lower(limit.get(), exclusive)
                            : NumberLimit.upper(limit.get(), exclusive));
                }
                case "minLength", "maxLength" -> {
                    if (!value.isInt() || value.intValue() < 0) {
                        return Optional.empty();
                    }
                    if ("minLength".equals(keyword)) {
                        minLength = value.intValue();
                    } else {
                        maxLength = value.intValue();
                    }
                }
                case "pattern" -> {
                    if (!value.isString()) {
                        return Optional.empty();
                    }
                    // The very factory networknt's default configuration uses (JDK regex; find, not matches).
                    try {
                        pattern = JDKRegularExpressionFactory.getInstance().getRegularExpression(value.asString());
                    } catch (RuntimeException unreadable) {
                        return Optional.empty();
                    }
                }
                default -> {
                    if (!PROPERTY_ANNOTATIONS.contains(keyword)) {
                        return Optional.empty();
                    }
                }
            }
        }
        return Optional.of(new PropertyCheck(types, literals, literals == null || nullLiteral, minLength, maxLength, limits, pattern));
    }

    /** The bits of {@link PropertyCheck} for a {@code type} value; 0 when it names anything else. */
    private static int types(JsonNode type) {
        if (type.isString()) {
            return typeBit(type.asString());
        }
        if (!type.isArray() || type.isEmpty()) {
            return 0;
        }
        int bits = 0;
        for (JsonNode name : type) {
            int bit = name.isString() ? typeBit(name.asString()) : 0;
            if (bit == 0) {
                return 0;
            }
            bits |= bit;
        }
        return bits;
    }

    private static int typeBit(String name) {
        return switch (name) {
            case "string" -> PropertyCheck.STRING;
            case "number" -> PropertyCheck.NUMBER;
            case "integer" -> PropertyCheck.INTEGER;
            case "boolean" -> PropertyCheck.BOOLEAN;
            case "null" -> PropertyCheck.NULL;
            default -> 0;
        };
    }

    /** The limit as networknt reads it: {@code new BigDecimal(node.asString())}; none for non-finite or non-numbers. */
    private static Optional<BigDecimal> limit(JsonNode value) {
        if (!value.isNumber() || value.isFloatingPointNumber() && !value.isBigDecimal() && !Double.isFinite(value.doubleValue())) {
            return Optional.empty();
        }
        try {
            return Optional.of(new BigDecimal(value.asString()));
        } catch (NumberFormatException unreadable) {
            return Optional.empty();
        }
    }
}
