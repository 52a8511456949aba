package io.sluice.adapters.jsonschema;

import com.networknt.schema.Error;
import com.networknt.schema.Schema;
import com.networknt.schema.SchemaLocation;
import com.networknt.schema.SchemaRegistry;
import com.networknt.schema.SpecificationVersion;
import io.sluice.application.port.out.InvalidSchemaException;
import io.sluice.application.port.out.ReadSchemaPort;
import io.sluice.domain.schema.JsonType;
import io.sluice.domain.schema.NumberBound;
import io.sluice.domain.schema.PropertyShape;
import io.sluice.domain.schema.SchemaShape;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * Reads a JSON Schema document for an event's properties: checks it against the 2020-12
 * meta-schema with networknt's validator, refuses what Sluice cannot use (not an object schema,
 * references outside the document), and translates it into the {@link SchemaShape} the domain's
 * compatibility check compares. Keywords the shape does not model are kept as canonical JSON, so
 * the check can still accept them when unchanged. Thread-safe.
 */
public final class JsonSchemaReader implements ReadSchemaPort {

    /** Keywords that only annotate: they never change which events are valid. */
    private static final Set<String> ANNOTATIONS = Set.of("$schema", "$id", "$comment", "title", "description", "examples",
            "default", "deprecated", "readOnly", "writeOnly", "$anchor");

    private static final JsonMapper MAPPER = JsonMapper.builder().build();

    private final Schema metaSchema;

    public JsonSchemaReader() {
        SchemaRegistry registry = SchemaRegistry.withDefaultDialect(SpecificationVersion.DRAFT_2020_12);
        this.metaSchema = registry.getSchema(SchemaLocation.of(SpecificationVersion.DRAFT_2020_12.getDialectId()));
    }

    @Override
    public ReadSchema read(String document) {
        JsonNode node = parse(document);
        List<String> problems = new ArrayList<>();
        for (Error error : metaSchema.validate(node)) {
            problems.add(JsonSchemaErrors.pointer(error.getInstanceLocation()) + ": " + error.getMessage());
        }
        if (!node.isObject()) {
            problems.add("the schema of an event's properties is a JSON object (got " + node.getNodeType().name().toLowerCase() + ")");
        } else if (node.has("type") && !(node.get("type").isString() && "object".equals(node.get("type").asString()))) {
            problems.add("/type: the schema of an event's properties describes an object (\"type\": \"object\")");
        }
        foreignReferences(node, "", problems);
        if (!problems.isEmpty()) {
            throw new InvalidSchemaException(problems);
        }
        try {
            JsonSchemaValidation.compile(node);
        } catch (RuntimeException refused) {
            throw new InvalidSchemaException(List.of("the validator cannot compile it: " + refused.getMessage()));
        }
        return new ReadSchema(shape(node), CanonicalJson.of(node));
    }

    static JsonNode parse(String document) {
        try {
            JsonNode node = MAPPER.readTree(document);
            if (node == null || node.isMissingNode()) {
                throw new InvalidSchemaException(List.of("the schema is empty"));
            }
            return node;
        } catch (JacksonException malformed) {
            throw new InvalidSchemaException(List.of("the schema is not JSON: " + malformed.getOriginalMessage()));
        }
    }

    /** A schema that loads other documents would make validation depend on the network; only local references are allowed. */
    private static void foreignReferences(JsonNode node, String at, List<String> problems) {
        if (node.isObject()) {
            for (Map.Entry<String, JsonNode> entry : node.properties()) {
                String key = entry.getKey();
                if (("$ref".equals(key) || "$dynamicRef".equals(key)) && entry.getValue().isString()
                        && !entry.getValue().asString().startsWith("#")) {
                    problems.add(at + "/" + key + ": only references inside the document (#/…) are allowed (got "
                            + entry.getValue().asString() + ")");
                }
                foreignReferences(entry.getValue(), at + "/" + key.replace("~", "~0").replace("/", "~1"), problems);
            }
        } else if (node.isArray()) {
            for (int i = 0; i < node.size(); i++) {
                foreignReferences(node.get(i), at + "/" + i, problems);
            }
        }
    }

    private static SchemaShape shape(JsonNode root) {
        Map<String, PropertyShape> properties = new LinkedHashMap<>();
        Set<String> required = new LinkedHashSet<>();
        boolean additional = true;
        Map<String, String> unsupported = new LinkedHashMap<>();
        if (root.isBoolean()) {
            // true accepts every object; false accepts none, which the model cannot say.
            if (!root.asBoolean()) {
                unsupported.put("false", "false");
            }
            return new SchemaShape(properties, required, true, unsupported);
        }
        for (Map.Entry<String, JsonNode> entry : root.properties()) {
            String keyword = entry.getKey();
            JsonNode value = entry.getValue();
            switch (keyword) {
                case "type" -> { }
                case "properties" -> value.properties().forEach(p -> properties.put(p.getKey(), property(p.getValue())));
                case "required" -> value.forEach(name -> required.add(name.asString()));
                case "additionalProperties" -> {
                    if (value.isBoolean()) {
                        additional = value.asBoolean();
                    } else if (!(value.isObject() && value.isEmpty())) {
                        unsupported.put(keyword, CanonicalJson.of(value));
                    }
                }
                default -> {
                    if (!ANNOTATIONS.contains(keyword)) {
                        unsupported.put(keyword, CanonicalJson.of(value));
                    }
                }
            }
        }
        return new SchemaShape(properties, required, additional, unsupported);
    }

    private static PropertyShape property(JsonNode node) {
        if (node.isBoolean()) {
            return node.asBoolean() ? PropertyShape.ANY : PropertyShape.ANY.withOtherKeyword("false", "false");
        }
        PropertyShape shape = PropertyShape.ANY;
        Set<JsonType> types = new HashSet<>();
        for (Map.Entry<String, JsonNode> entry : node.properties()) {
            String keyword = entry.getKey();
            JsonNode value = entry.getValue();
            switch (keyword) {
                case "type" -> {
                    if (value.isArray()) {
                        value.forEach(t -> types.add(JsonType.fromLabelOrNull(t.asString())));
                    } else {
                        types.add(JsonType.fromLabelOrNull(value.asString()));
                    }
                }
                case "enum" -> {
                    Set<String> literals = new HashSet<>();
                    value.forEach(v -> literals.add(CanonicalJson.of(v)));
                    shape = shape.withEnum(shape.enumLiterals() == null ? literals : intersection(shape.enumLiterals(), literals));
                }
                case "const" -> {
                    Set<String> literal = Set.of(CanonicalJson.of(value));
                    shape = shape.withEnum(shape.enumLiterals() == null ? literal : intersection(shape.enumLiterals(), literal));
                }
                case "minimum" -> shape = shape.withMinimum(tighterLower(shape.minimum(), new NumberBound(value.decimalValue(), false)));
                case "exclusiveMinimum" -> shape = shape.withMinimum(tighterLower(shape.minimum(), new NumberBound(value.decimalValue(), true)));
                case "maximum" -> shape = shape.withMaximum(tighterUpper(shape.maximum(), new NumberBound(value.decimalValue(), false)));
                case "exclusiveMaximum" -> shape = shape.withMaximum(tighterUpper(shape.maximum(), new NumberBound(value.decimalValue(), true)));
                case "minLength" -> shape = shape.withLengths(value.asInt(), shape.maxLength());
                case "maxLength" -> shape = shape.withLengths(shape.minLength(), value.asInt());
                case "pattern" -> shape = shape.withPattern(value.asString());
                default -> {
                    if (!ANNOTATIONS.contains(keyword)) {
                        shape = shape.withOtherKeyword(keyword, CanonicalJson.of(value));
                    }
                }
            }
        }
        types.remove(null);
        return shape.withTypes(types);
    }

    private static Set<String> intersection(Set<String> a, Set<String> b) {
        Set<String> both = new HashSet<>(a);
        both.retainAll(b);
        return both;
    }

    private static NumberBound tighterLower(NumberBound current, NumberBound next) {
        if (current == null) {
            return next;
        }
        int order = next.value().compareTo(current.value());
        return order > 0 || order == 0 && next.exclusive() ? next : current;
    }

    private static NumberBound tighterUpper(NumberBound current, NumberBound next) {
        if (current == null) {
            return next;
        }
        int order = next.value().compareTo(current.value());
        return order < 0 || order == 0 && next.exclusive() ? next : current;
    }
}
