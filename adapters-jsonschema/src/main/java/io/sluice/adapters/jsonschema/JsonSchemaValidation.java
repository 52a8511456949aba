package io.sluice.adapters.jsonschema;

import com.networknt.schema.Error;
import com.networknt.schema.Schema;
import com.networknt.schema.SchemaRegistry;
import com.networknt.schema.SpecificationVersion;
import io.sluice.application.port.in.ActiveSchema;
import io.sluice.application.port.out.ValidateEventSchemaPort;
import io.sluice.domain.event.EventProperties;
import io.sluice.domain.event.SchemaViolation;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.ArrayNode;
import tools.jackson.databind.node.JsonNodeFactory;
import tools.jackson.databind.node.ObjectNode;

/**
 * Validates event properties with networknt's json-schema-validator (2020-12). Each schema
 * version is compiled once, on first use, and kept by event type and version; the document of a
 * version never changes, so the cache never needs invalidating (only new versions are added).
 * The {@code _segment} property, where Sluice keeps a Segment message's own fields, is not part
 * of the client's properties and is left out of validation. For a schema within a small subset
 * (plain properties with types, enums, limits, lengths, patterns), an {@link AcceptanceCheck}
 * compiled with it answers the common case, a valid event, without networknt; networknt still
 * decides every event the check is not sure of and builds every error. Thread-safe.
 */
public final class JsonSchemaValidation implements ValidateEventSchemaPort {

    /** Sluice's own property on the Segment routes (see docs/segment.md). */
    static final String SEGMENT_FIELD = "_segment";

    private static final JsonMapper MAPPER = JsonMapper.builder().build();
    private static final JsonNodeFactory NODES = MAPPER.getNodeFactory();
    private static final SchemaRegistry REGISTRY = SchemaRegistry.withDefaultDialect(SpecificationVersion.DRAFT_2020_12);

    private final Map<Key, CompiledVersion> compiled = new ConcurrentHashMap<>();

    @Override
    public List<SchemaViolation> validate(ActiveSchema schema, EventProperties properties) {
        CompiledVersion version = compiled.computeIfAbsent(new Key(schema.type().value(), schema.version()),
                key -> CompiledVersion.of(JsonSchemaReader.parse(schema.document())));
        if (version.certainlyValid(properties)) {
            return List.of();
        }
        List<Error> errors = version.schema().validate(instance(properties));
        if (errors.isEmpty()) {
            return List.of();
        }
        List<SchemaViolation> violations = new ArrayList<>(errors.size());
        for (Error error : errors) {
            violations.add(JsonSchemaErrors.violation(error));
        }
        return violations;
    }

    /** How many versions are compiled; for tests that prove compilation happens once per version. */
    int compiledVersions() {
        return compiled.size();
    }

    static Schema compile(JsonNode document) {
        return REGISTRY.getSchema(document);
    }

    /**
     * The properties as a tree, built node by node from the map's JDK values. Parsing the client's
     * own JSON text instead was slower (JMH, SchemaValidationBenchmark: 16.5 against 10.5 µs per
     * event in one run), and so was {@code valueToTree}, which serialises the map into a token
     * buffer and reads that back (ten properties, loaded machine: 0.41–0.44 against 0.15–0.24 µs, 904
     * against 696 bytes; see docs/benchmarks.md, "Event schemas (JMH)").
     */
    static JsonNode instance(EventProperties properties) {
        ObjectNode object = NODES.objectNode();
        for (Map.Entry<String, Object> entry : properties.asMap().entrySet()) {
            if (!SEGMENT_FIELD.equals(entry.getKey())) {
                object.set(entry.getKey(), node(entry.getValue()));
            }
        }
        return object;
    }

    private static JsonNode node(Object value) {
        if (value == null) {
            return NODES.nullNode();
        }
        if (value instanceof String text) {
            return NODES.stringNode(text);
        }
        if (value instanceof Boolean flag) {
            return NODES.booleanNode(flag);
        }
        if (value instanceof Double number) {
            return NODES.numberNode(number);
        }
        if (value instanceof Integer number) {
            return NODES.numberNode(number);
        }
        if (value instanceof Long number) {
            return NODES.numberNode(number);
        }
        if (value instanceof Map<?, ?> map) {
            ObjectNode object = NODES.objectNode();
            for (Map.Entry<?, ?> entry : map.entrySet()) {
                object.set(String.valueOf(entry.getKey()), node(entry.getValue()));
            }
            return object;
        }
        if (value instanceof List<?> list) {
            ArrayNode array = NODES.arrayNode(list.size());
            for (Object item : list) {
                array.add(node(item));
            }
            return array;
        }
        // BigDecimal, BigInteger, Float and whatever else an adapter put in: Jackson's own mapping.
        return MAPPER.valueToTree(value);
    }

    /** Whether a fast acceptance check was compiled for this version; for tests that prove the fast path is taken. */
    boolean hasAcceptanceCheck(ActiveSchema schema) {
        CompiledVersion version = compiled.get(new Key(schema.type().value(), schema.version()));
        return version != null && version.acceptance() != null;
    }

    private record Key(String type, int version) {
    }

    /**
     * networknt's schema, and the acceptance check in front of it when the schema is within the
     * check's subset (null otherwise). networknt alone cost 1.6–2.6 µs of CPU for ten properties
     * against a budget of about 0.8 µs (docs/benchmarks.md, "Event schemas"); the check answers
     * the common case, a valid event, without building a tree, and networknt still decides every
     * event the check is not sure of and builds every error.
     */
    private record CompiledVersion(Schema schema, AcceptanceCheck acceptance) {

        static CompiledVersion of(JsonNode document) {
            return new CompiledVersion(compile(document), AcceptanceCheckCompiler.compile(document).orElse(null));
        }

        boolean certainlyValid(EventProperties properties) {
            return acceptance != null && acceptance.certainlyValid(properties.asMap());
        }
    }
}
