package io.sluice.adapters.jsonschema;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.sluice.application.port.in.ActiveSchema;
import io.sluice.application.port.out.InvalidSchemaException;
import io.sluice.domain.event.EventProperties;
import io.sluice.domain.event.EventType;
import io.sluice.domain.event.SchemaViolation;
import io.sluice.domain.schema.CompatibilityCheck;
import io.sluice.domain.schema.CompatibilityMode;
import io.sluice.domain.schema.Enforcement;
import io.sluice.domain.schema.JsonType;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;

class JsonSchemaAdapterTest {

    static final String PURCHASE = """
            {"type":"object","required":["amount","currency"],
             "properties":{"amount":{"type":"number","minimum":0},"currency":{"type":"string","pattern":"^[A-Z]{3}$"}}}""";

    private final JsonSchemaReader reader = new JsonSchemaReader();
    private final JsonSchemaValidation validation = new JsonSchemaValidation();
    private final ActiveSchema purchase = new ActiveSchema(new EventType("purchase"), 1, PURCHASE, CompatibilityMode.BACKWARD,
            Enforcement.BLOCK, "api");

    @Test
    void violations_name_the_pointer_the_keyword_and_the_expected_value() {
        Map<String, Object> props = new LinkedHashMap<>();
        props.put("amount", -5);
        List<SchemaViolation> found = validation.validate(purchase, EventProperties.of(props));
        assertThat(found).extracting(SchemaViolation::pointer, SchemaViolation::keyword, SchemaViolation::expected)
                .containsExactlyInAnyOrder(
                        org.assertj.core.groups.Tuple.tuple("/amount", "minimum", "0"),
                        org.assertj.core.groups.Tuple.tuple("/currency", "required", "a value for required property \"currency\""));
    }

    @Test
    void valid_properties_pass_and_a_wrong_type_is_named() {
        Map<String, Object> props = Map.of("amount", 12.5, "currency", "EUR");
        assertThat(validation.validate(purchase, EventProperties.of(props))).isEmpty();
        assertThat(validation.validate(purchase, EventProperties.of(Map.of("amount", "12,00", "currency", "EUR"))))
                .extracting(SchemaViolation::pointer, SchemaViolation::keyword, SchemaViolation::expected)
                .containsExactly(org.assertj.core.groups.Tuple.tuple("/amount", "type", "\"number\""));
    }

    @Test
    void each_version_is_compiled_once() {
        for (int i = 0; i < 100; i++) {
            validation.validate(purchase, EventProperties.of(Map.of("amount", i, "currency", "EUR")));
        }
        assertThat(validation.compiledVersions()).isEqualTo(1);
        validation.validate(new ActiveSchema(purchase.type(), 2, PURCHASE, CompatibilityMode.BACKWARD, Enforcement.BLOCK, "api"),
                EventProperties.of(Map.of("amount", 1)));
        assertThat(validation.compiledVersions()).isEqualTo(2);
    }

    @Test
    void a_reloaded_catalogs_new_instances_of_a_version_reuse_its_compiled_schema() {
        for (int reload = 0; reload < 600; reload++) {
            ActiveSchema reloaded = new ActiveSchema(purchase.type(), purchase.version(), purchase.document(), purchase.compatibility(),
                    purchase.enforcement(), purchase.origin());
            assertThat(validation.validate(reloaded, EventProperties.of(Map.of("amount", reload, "currency", "EUR")))).isEmpty();
            assertThat(validation.validate(reloaded, EventProperties.of(Map.of("amount", -1, "currency", "EUR")))).isNotEmpty();
        }
        assertThat(validation.compiledVersions()).isEqualTo(1);
    }

    @Test
    void the_segment_envelope_is_not_validated() {
        ActiveSchema closed = new ActiveSchema(new EventType("Order Completed"), 1,
                "{\"type\":\"object\",\"additionalProperties\":false,\"properties\":{\"total\":{\"type\":\"number\"}}}",
                CompatibilityMode.BACKWARD, Enforcement.BLOCK, "api");
        assertThat(validation.validate(closed, EventProperties.of(Map.of("total", 3, "_segment", Map.of("type", "track"))))).isEmpty();
    }

    @Test
    void the_tree_built_from_the_map_is_the_one_jackson_would_map_it_to() {
        Map<String, Object> nested = new LinkedHashMap<>();
        nested.put("sku", "A-1");
        nested.put("qty", 2);
        nested.put("none", null);
        Map<String, Object> props = new LinkedHashMap<>();
        props.put("text", "x");
        props.put("flag", true);
        props.put("int", 3);
        props.put("long", 12_345_678_901L);
        props.put("double", 129.95);
        props.put("big", new java.math.BigDecimal("1.10"));
        props.put("huge", new java.math.BigInteger("123456789012345678901234567890"));
        props.put("null", null);
        props.put("list", java.util.Arrays.asList(1, "two", null, List.of(3.5), nested));
        props.put("object", nested);
        tools.jackson.databind.JsonNode expected = tools.jackson.databind.json.JsonMapper.builder().build().valueToTree(props);
        props.put(JsonSchemaValidation.SEGMENT_FIELD, Map.of("type", "track"));
        assertThat(JsonSchemaValidation.instance(EventProperties.of(props))).isEqualTo(expected);
    }

    @Test
    void a_schema_is_read_into_the_shape_the_compatibility_check_compares() {
        var read = reader.read(PURCHASE);
        assertThat(read.shape().required()).containsExactlyInAnyOrder("amount", "currency");
        assertThat(read.shape().properties().get("amount").types()).containsExactly(JsonType.NUMBER);
        assertThat(read.shape().properties().get("currency").pattern()).isEqualTo("^[A-Z]{3}$");
        assertThat(read.canonical()).isEqualTo(reader.read(PURCHASE.replace(" ", "").replace("\n", "")).canonical());
        var withRequiredCoupon = reader.read(PURCHASE.replace("\"currency\"]", "\"currency\",\"coupon\"]"));
        assertThat(CompatibilityCheck.check(read.shape(), 1, withRequiredCoupon.shape(), CompatibilityMode.BACKWARD).reasons())
                .containsExactly("required property `coupon` added: events valid under version 1 would be refused");
        assertThat(reader.read("{\"type\":\"object\",\"properties\":{\"n\":{\"type\":\"integer\",\"enum\":[1.0,2]}}}")
                .shape().properties().get("n").enumLiterals()).containsExactlyInAnyOrder("1", "2");
        assertThat(reader.read("{\"allOf\":[{}]}").shape().unsupportedKeywords()).containsOnlyKeys("allOf");
        assertThat(reader.read("{\"properties\":{\"a\":{\"type\":\"string\"}}}").shape().properties().get("a").types())
                .isEqualTo(Set.of(JsonType.STRING));
    }

    @Test
    void what_is_not_a_usable_json_schema_is_refused_with_its_problems() {
        assertThatThrownBy(() -> reader.read("{\"type\":\"objekt\"}")).isInstanceOf(InvalidSchemaException.class)
                .satisfies(e -> assertThat(((InvalidSchemaException) e).problems()).anySatisfy(p -> assertThat(p).startsWith("/type")));
        assertThatThrownBy(() -> reader.read("{\"properties\":{\"a\":{\"minimum\":\"zero\"}}}"))
                .isInstanceOf(InvalidSchemaException.class).hasMessageContaining("/properties/a/minimum");
        assertThatThrownBy(() -> reader.read("{\"type\":\"string\"}")).isInstanceOf(InvalidSchemaException.class)
                .hasMessageContaining("describes an object");
        assertThatThrownBy(() -> reader.read("{\"properties\":{\"a\":{\"$ref\":\"http://example.com/x.json\"}}}"))
                .isInstanceOf(InvalidSchemaException.class).hasMessageContaining("only references inside the document");
        assertThatThrownBy(() -> reader.read("{not json")).isInstanceOf(InvalidSchemaException.class)
                .hasMessageContaining("not JSON");
    }
}
