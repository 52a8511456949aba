package io.sluice.adapters.jsonschema.bench;

import dev.harrel.jsonschema.JsonNode;
import dev.harrel.jsonschema.SimpleType;
import java.math.BigDecimal;
import java.math.BigInteger;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * A JSON value as dev.harrel:json-schema reads it, over the plain JDK values an event's properties
 * hold ({@code String}, {@code Boolean}, numbers, {@code Map}, {@code List}, {@code null}), so that
 * {@link SchemaLibraryBenchmark} measures that library without a copy into another tree (its own
 * providers are for Jackson 2, Gson and others, not Jackson 3). Children are wrapped on first use and
 * the JSON pointer is only spelled out when asked for (an error or an annotation). Not thread-safe:
 * one instance per validation.
 */
final class PropertyNode implements JsonNode {

    private final Object value;
    private final PropertyNode parent;
    private final String name;
    private final int index;
    private final SimpleType type;
    private String pointer;
    private Object children;
    private BigDecimal number;

    private PropertyNode(Object value, PropertyNode parent, String name, int index) {
        this.value = value;
        this.parent = parent;
        this.name = name;
        this.index = index;
        this.type = typeOf(value);
    }

    /** The root of an instance, leaving out the top-level property {@code skipped} (Sluice's own fields). */
    static PropertyNode root(Map<String, Object> properties, String skipped) {
        if (properties.containsKey(skipped)) {
            Map<String, Object> rest = new LinkedHashMap<>(properties);
            rest.remove(skipped);
            return of(rest);
        }
        return of(properties);
    }

    /** Any JDK value as a root (the schema documents themselves, parsed into maps and lists). */
    static PropertyNode of(Object value) {
        PropertyNode node = new PropertyNode(value, null, null, -1);
        node.pointer = "";
        return node;
    }

    private static SimpleType typeOf(Object value) {
        if (value == null) {
            return SimpleType.NULL;
        }
        if (value instanceof String || value instanceof Character || value instanceof Enum<?>) {
            return SimpleType.STRING;
        }
        if (value instanceof Boolean) {
            return SimpleType.BOOLEAN;
        }
        if (value instanceof Integer || value instanceof Long || value instanceof Short || value instanceof Byte
                || value instanceof BigInteger) {
            return SimpleType.INTEGER;
        }
        if (value instanceof Double || value instanceof Float) {
            double d = ((Number) value).doubleValue();
            // JSON Schema counts 3.0 as an integer; infinities and NaN are not JSON, but are numbers here.
            return Double.isFinite(d) && d == Math.rint(d) ? SimpleType.INTEGER : SimpleType.NUMBER;
        }
        if (value instanceof BigDecimal decimal) {
            return decimal.signum() == 0 || decimal.stripTrailingZeros().scale() <= 0 ? SimpleType.INTEGER : SimpleType.NUMBER;
        }
        if (value instanceof Number) {
            return SimpleType.NUMBER;
        }
        if (value instanceof Map<?, ?>) {
            return SimpleType.OBJECT;
        }
        if (value instanceof List<?>) {
            return SimpleType.ARRAY;
        }
        throw new IllegalArgumentException("not a JSON value: " + value.getClass().getName());
    }

    @Override
    public String getJsonPointer() {
        if (pointer == null) {
            String segment = name != null ? JsonNode.encodeJsonPointer(name) : Integer.toString(index);
            pointer = parent.getJsonPointer() + "/" + segment;
        }
        return pointer;
    }

    @Override
    public SimpleType getNodeType() {
        return type;
    }

    @Override
    public boolean asBoolean() {
        return value instanceof Boolean flag && flag;
    }

    @Override
    public String asString() {
        return value == null ? "null" : value.toString();
    }

    @Override
    public BigInteger asInteger() {
        return asNumber().toBigInteger();
    }

    @Override
    public BigDecimal asNumber() {
        if (number == null) {
            number = decimal(value);
        }
        return number;
    }

    private static BigDecimal decimal(Object value) {
        if (value instanceof BigDecimal decimal) {
            return decimal;
        }
        if (value instanceof BigInteger integer) {
            return new BigDecimal(integer);
        }
        if (value instanceof Double || value instanceof Float) {
            return BigDecimal.valueOf(((Number) value).doubleValue());
        }
        if (value instanceof Number other) {
            return BigDecimal.valueOf(other.longValue());
        }
        return BigDecimal.ZERO;
    }

    @Override
    @SuppressWarnings("unchecked")
    public List<JsonNode> asArray() {
        if (type != SimpleType.ARRAY) {
            return List.of();
        }
        if (children == null) {
            List<?> list = (List<?>) value;
            List<JsonNode> nodes = new ArrayList<>(list.size());
            for (int i = 0; i < list.size(); i++) {
                nodes.add(new PropertyNode(list.get(i), this, null, i));
            }
            children = Collections.unmodifiableList(nodes);
        }
        return (List<JsonNode>) children;
    }

    @Override
    @SuppressWarnings("unchecked")
    public Map<String, JsonNode> asObject() {
        if (type != SimpleType.OBJECT) {
            return Map.of();
        }
        if (children == null) {
            Map<?, ?> map = (Map<?, ?>) value;
            Map<String, JsonNode> nodes = new LinkedHashMap<>((int) (map.size() / 0.75f) + 1);
            for (Map.Entry<?, ?> entry : map.entrySet()) {
                String key = String.valueOf(entry.getKey());
                nodes.put(key, new PropertyNode(entry.getValue(), this, key, -1));
            }
            children = Collections.unmodifiableMap(nodes);
        }
        return (Map<String, JsonNode>) children;
    }
}
