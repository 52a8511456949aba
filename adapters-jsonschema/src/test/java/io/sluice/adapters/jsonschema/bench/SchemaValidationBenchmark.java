package io.sluice.adapters.jsonschema.bench;

import io.sluice.adapters.jsonschema.JsonSchemaValidation;
import io.sluice.application.port.in.ActiveSchema;
import io.sluice.domain.event.EventProperties;
import io.sluice.domain.event.EventType;
import io.sluice.domain.schema.CompatibilityMode;
import io.sluice.domain.schema.Enforcement;
import java.util.LinkedHashMap;
import java.util.List;
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

/**
 * The cost per event of enforcing a schema: validating a purchase's ten properties against its
 * compiled (cached) JSON Schema, as ingress does for every event of a type with enforcement
 * {@code warn} or {@code block}. Three inputs: properties with the client's JSON text (the native
 * route keeps it, so the validator parses bytes), properties as a map only (Segment and seed
 * routes), and an invalid event (errors are built). Run with {@code bench/jmh SchemaValidationBenchmark}.
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Warmup(iterations = 3, time = 2)
@Measurement(iterations = 5, time = 2)
@Fork(1)
public class SchemaValidationBenchmark {

    public static final String SCHEMA = """
            {"type":"object","required":["order_id","amount","currency"],"additionalProperties":false,
             "properties":{
               "order_id":{"type":"string","minLength":1,"maxLength":64},
               "amount":{"type":"number","minimum":0},
               "currency":{"type":"string","pattern":"^[A-Z]{3}$"},
               "items":{"type":"integer","minimum":1},
               "coupon":{"type":["string","null"]},
               "channel":{"enum":["web","ios","android"]},
               "first_order":{"type":"boolean"},
               "tax":{"type":"number","minimum":0},
               "shipping":{"type":"number","minimum":0},
               "page_url":{"type":"string","maxLength":2048}}}""";

    /** A purchase valid under {@link #SCHEMA}, as a new map the caller may change. */
    public static Map<String, Object> validPurchase() {
        Map<String, Object> values = new LinkedHashMap<>();
        values.put("order_id", "o-1029384756");
        values.put("amount", 129.95);
        values.put("currency", "EUR");
        values.put("items", 3);
        values.put("coupon", null);
        values.put("channel", "web");
        values.put("first_order", Boolean.FALSE);
        values.put("tax", 20.75);
        values.put("shipping", 4.9);
        values.put("page_url", "https://shop.example.com/checkout/complete");
        return values;
    }

    private final JsonSchemaValidation validation = new JsonSchemaValidation();
    private final ActiveSchema schema = new ActiveSchema(new EventType("purchase"), 1, SCHEMA, CompatibilityMode.BACKWARD,
            Enforcement.BLOCK, "api");
    private EventProperties mapOnly;
    private EventProperties invalid;

    @Setup
    public void setUp() {
        Map<String, Object> values = validPurchase();
        mapOnly = EventProperties.of(values);
        Map<String, Object> bad = new LinkedHashMap<>(values);
        bad.put("amount", "129,95");
        bad.put("currency", "eur");
        invalid = EventProperties.of(bad);
        if (!validation.validate(schema, mapOnly).isEmpty() || validation.validate(schema, invalid).size() != 2) {
            throw new IllegalStateException("the benchmark's inputs are not what they claim");
        }
    }

    @Benchmark
    public List<?> valid() {
        return validation.validate(schema, mapOnly);
    }

    @Benchmark
    public List<?> invalid() {
        return validation.validate(schema, invalid);
    }
}
