package io.sluice.adapters.jsonschema.bench;

import com.networknt.schema.InputFormat;
import com.networknt.schema.OutputFormat;
import com.networknt.schema.Schema;
import com.networknt.schema.SchemaRegistry;
import com.networknt.schema.SchemaRegistryConfig;
import com.networknt.schema.SpecificationVersion;
import dev.harrel.jsonschema.Dialects;
import dev.harrel.jsonschema.JsonNode;
import dev.harrel.jsonschema.JsonNodeFactory;
import dev.harrel.jsonschema.Validator;
import dev.harrel.jsonschema.ValidatorFactory;
import io.sluice.adapters.jsonschema.JsonSchemaValidation;
import io.sluice.application.port.in.ActiveSchema;
import io.sluice.domain.event.EventProperties;
import io.sluice.domain.event.EventType;
import io.sluice.domain.schema.CompatibilityMode;
import io.sluice.domain.schema.Enforcement;
import java.net.URI;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;
import tools.jackson.databind.json.JsonMapper;

/**
 * Whether another configuration of networknt's validator, or another maintained JSON Schema
 * library, validates a purchase cheaply enough for issue 17's batch bar (≲ 0.8 µs per event): the
 * same schema and events as {@link SchemaValidationBenchmark}. Variants: the adapter as it is;
 * networknt on a ready Jackson tree (the library's own walk); with the schema preloaded; with
 * {@code OutputFormat.BOOLEAN} (fail-fast); dev.harrel:json-schema 1.9.1 (2020-12, reports instance
 * pointer, keyword and schema location per error) over the JDK map without a copy
 * ({@link PropertyNode}). Run with {@code bench/jmh SchemaLibraryBenchmark}; on a shared machine
 * use {@link SchemaLibraryCpuProbe} as well. Results in docs/benchmarks.md, "Event schemas".
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Warmup(iterations = 3, time = 2)
@Measurement(iterations = 5, time = 2)
@Fork(1)
public class SchemaLibraryBenchmark {

    private static final JsonMapper MAPPER = JsonMapper.builder().build();

    private final JsonSchemaValidation adapter = new JsonSchemaValidation();
    private final ActiveSchema schema = new ActiveSchema(new EventType("purchase"), 1, SchemaValidationBenchmark.SCHEMA,
            CompatibilityMode.BACKWARD, Enforcement.BLOCK, "api");
    private Map<String, Object> valid;
    private Map<String, Object> invalid;
    private EventProperties validProperties;
    private EventProperties invalidProperties;
    private Schema networknt;
    private Schema networkntPreloaded;
    private tools.jackson.databind.JsonNode readyTree;
    private Validator harrel;
    private URI harrelSchema;

    @Setup
    public void setUp() {
        valid = SchemaValidationBenchmark.validPurchase();
        invalid = new LinkedHashMap<>(valid);
        invalid.put("amount", "129,95");
        invalid.put("currency", "eur");
        validProperties = EventProperties.of(valid);
        invalidProperties = EventProperties.of(invalid);

        networknt = SchemaRegistry.withDefaultDialect(SpecificationVersion.DRAFT_2020_12)
                .getSchema(SchemaValidationBenchmark.SCHEMA, InputFormat.JSON);
        SchemaRegistryConfig preload = SchemaRegistryConfig.builder().preloadSchema(true).build();
        networkntPreloaded = SchemaRegistry.withDefaultDialect(SpecificationVersion.DRAFT_2020_12, b -> b.schemaRegistryConfig(preload))
                .getSchema(SchemaValidationBenchmark.SCHEMA, InputFormat.JSON);
        readyTree = MAPPER.valueToTree(valid);

        harrel = new ValidatorFactory().withDefaultDialect(new Dialects.Draft2020Dialect()).withJsonNodeFactory(new JdkValues())
                .createValidator();
        harrelSchema = harrel.registerSchema(URI.create("urn:sluice:schema:purchase:1"), SchemaValidationBenchmark.SCHEMA);

        if (adapterValid() != 0 || adapterInvalid() != 2 || networkntReadyTreeValid() != 0 || networkntPreloadedValid() != 0
                || !networkntBooleanValid() || harrelValid() != 0 || harrelInvalid() != 2) {
            throw new IllegalStateException("the benchmark's inputs are not what they claim");
        }
    }

    @Benchmark
    public int adapterValid() {
        return adapter.validate(schema, validProperties).size();
    }

    @Benchmark
    public int adapterInvalid() {
        return adapter.validate(schema, invalidProperties).size();
    }

    @Benchmark
    public int networkntReadyTreeValid() {
        return networknt.validate(readyTree).size();
    }

    @Benchmark
    public int networkntPreloadedValid() {
        return networkntPreloaded.validate(MAPPER.valueToTree(valid)).size();
    }

    @Benchmark
    public boolean networkntBooleanValid() {
        return networknt.validate(MAPPER.valueToTree(valid), OutputFormat.BOOLEAN);
    }

    @Benchmark
    public int harrelValid() {
        return harrel.validate(harrelSchema, PropertyNode.root(valid, "_segment")).getErrors().size();
    }

    @Benchmark
    public int harrelInvalid() {
        return harrel.validate(harrelSchema, PropertyNode.root(invalid, "_segment")).getErrors().size();
    }

    /** Schemas are parsed by Jackson 3 into JDK values; instances arrive as JDK values already. */
    private static final class JdkValues implements JsonNodeFactory {
        @Override
        public JsonNode wrap(Object node) {
            return node instanceof JsonNode ready ? ready : PropertyNode.of(node);
        }

        @Override
        public JsonNode create(String rawJson) {
            return PropertyNode.of(MAPPER.readValue(rawJson, Object.class));
        }
    }
}
