package io.sluice.adapters.jsonschema;

import static org.assertj.core.api.Assertions.assertThat;

import io.sluice.application.port.in.ActiveSchema;
import io.sluice.adapters.jsonschema.bench.SchemaValidationBenchmark;
import io.sluice.domain.event.EventProperties;
import io.sluice.domain.event.EventType;
import io.sluice.domain.schema.CompatibilityMode;
import io.sluice.domain.schema.Enforcement;
import java.math.BigDecimal;
import java.math.BigInteger;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/**
 * The acceptance check keyword by keyword. Every "certainly valid" asserted here is also checked
 * against networknt ({@link #accepted}), so a test cannot pass on a check that is looser than the
 * library; "not sure" cases show where the check hands over (and that it does).
 */
class AcceptanceCheckTest {

    /** {@code true} when the check is certain; asserts that networknt agrees whenever it is. */
    private static boolean accepted(String schema, Object value) {
        Map<String, Object> values = new HashMap<>();
        values.put("p", value);
        return acceptedProperties(schema, values);
    }

    private static boolean acceptedProperties(String schema, Map<String, Object> values) {
        String document = schema.startsWith("{\"type\":\"object\"") ? schema : "{\"properties\":{\"p\":" + schema + "}}";
        AcceptanceCheck check = compiled(document).orElseThrow(() -> new AssertionError("no check compiled for " + document));
        boolean certain = check.certainlyValid(EventProperties.of(values).asMap());
        if (certain) {
            assertThat(JsonSchemaValidation.compile(JsonSchemaReader.parse(document))
                    .validate(JsonSchemaValidation.instance(EventProperties.of(values))))
                    .as("networknt on %s with %s", document, values).isEmpty();
        }
        return certain;
    }

    private static Optional<AcceptanceCheck> compiled(String document) {
        return AcceptanceCheckCompiler.compile(JsonSchemaReader.parse(document));
    }

    @Test
    void type_names_and_lists() {
        assertThat(accepted("{\"type\":\"string\"}", "x")).isTrue();
        assertThat(accepted("{\"type\":\"string\"}", 1)).isFalse();
        assertThat(accepted("{\"type\":\"boolean\"}", true)).isTrue();
        assertThat(accepted("{\"type\":\"boolean\"}", "true")).isFalse();
        assertThat(accepted("{\"type\":[\"string\",\"null\"]}", null)).isTrue();
        assertThat(accepted("{\"type\":\"string\"}", null)).isFalse();
        assertThat(accepted("{\"type\":\"number\"}", 12.5)).isTrue();
        assertThat(accepted("{\"type\":\"number\"}", 12)).isTrue();
        assertThat(accepted("{\"type\":\"number\"}", 12L)).isTrue();
        assertThat(accepted("{\"type\":\"integer\"}", 12)).isTrue();
        assertThat(accepted("{\"type\":\"integer\"}", Long.MAX_VALUE)).isTrue();
        assertThat(accepted("{\"type\":\"string\"}", Map.of("a", 1))).isFalse();
        assertThat(accepted("{\"type\":\"string\"}", List.of("a"))).isFalse();
    }

    @Test
    void numbers_with_subtle_semantics_are_left_to_networknt() {
        // networknt counts 1.0 as an integer in 2020-12; the check does not try to.
        assertThat(accepted("{\"type\":\"integer\"}", 1.0)).isFalse();
        assertThat(accepted("{\"type\":[\"integer\",\"number\"]}", 1.5)).isFalse();
        assertThat(accepted("{\"type\":\"number\"}", Double.NaN)).isFalse();
        assertThat(accepted("{\"type\":\"number\"}", Double.POSITIVE_INFINITY)).isFalse();
        assertThat(accepted("{\"type\":\"number\"}", new BigDecimal("1.5"))).isFalse();
        assertThat(accepted("{\"type\":\"number\"}", BigInteger.TEN)).isFalse();
        assertThat(accepted("{\"type\":\"number\"}", 1.5f)).isFalse();
        // A double without a type keyword could meet an "integer" comparison; left to networknt.
        assertThat(accepted("{\"minimum\":0}", 1.5)).isFalse();
    }

    @Test
    void enum_and_const_of_strings_booleans_and_null() {
        String channel = "{\"enum\":[\"web\",\"ios\",true,null,1]}";
        assertThat(accepted(channel, "web")).isTrue();
        assertThat(accepted(channel, true)).isTrue();
        assertThat(accepted(channel, null)).isTrue();
        assertThat(accepted(channel, "WEB")).isFalse();
        assertThat(accepted(channel, false)).isFalse();
        // Numbers are never "certainly" in an enum: networknt compares them as decimals.
        assertThat(accepted(channel, 1)).isFalse();
        assertThat(accepted("{\"const\":\"web\"}", "web")).isTrue();
        assertThat(accepted("{\"const\":\"web\"}", "ios")).isFalse();
        assertThat(accepted("{\"const\":null}", null)).isTrue();
        assertThat(accepted("{\"const\":false}", false)).isTrue();
        assertThat(accepted("{\"const\":\"web\"}", Map.of())).isFalse();
        // enum and const together: both must hold.
        assertThat(accepted("{\"enum\":[\"web\",\"ios\"],\"const\":\"ios\"}", "ios")).isTrue();
        assertThat(accepted("{\"enum\":[\"web\",\"ios\"],\"const\":\"ios\"}", "web")).isFalse();
        assertThat(accepted("{\"enum\":[\"web\",null],\"const\":\"web\"}", null)).isFalse();
    }

    @Test
    void inclusive_and_exclusive_limits() {
        assertThat(accepted("{\"type\":\"number\",\"minimum\":0}", 0)).isTrue();
        assertThat(accepted("{\"type\":\"number\",\"minimum\":0}", -1)).isFalse();
        assertThat(accepted("{\"type\":\"number\",\"minimum\":0}", 0.5)).isTrue();
        assertThat(accepted("{\"type\":\"number\",\"minimum\":0}", -0.5)).isFalse();
        assertThat(accepted("{\"type\":\"number\",\"exclusiveMinimum\":0}", 0)).isFalse();
        assertThat(accepted("{\"type\":\"number\",\"exclusiveMinimum\":0}", 1)).isTrue();
        assertThat(accepted("{\"type\":\"number\",\"maximum\":10}", 10)).isTrue();
        assertThat(accepted("{\"type\":\"number\",\"maximum\":10}", 11)).isFalse();
        assertThat(accepted("{\"type\":\"number\",\"exclusiveMaximum\":10}", 10)).isFalse();
        assertThat(accepted("{\"type\":\"number\",\"exclusiveMaximum\":10}", 9.5)).isTrue();
        assertThat(accepted("{\"type\":\"integer\",\"minimum\":2.5}", 3)).isTrue();
        assertThat(accepted("{\"type\":\"integer\",\"minimum\":2.5}", 2)).isFalse();
        assertThat(accepted("{\"type\":\"integer\",\"exclusiveMaximum\":2.5}", 2)).isTrue();
        assertThat(accepted("{\"type\":\"integer\",\"maximum\":9223372036854775807}", Long.MAX_VALUE)).isTrue();
        assertThat(accepted("{\"type\":\"integer\",\"exclusiveMaximum\":9223372036854775807}", Long.MAX_VALUE)).isFalse();
        assertThat(accepted("{\"type\":\"integer\",\"minimum\":1e30}", Long.MAX_VALUE)).isFalse();
        assertThat(accepted("{\"type\":\"integer\",\"maximum\":1e30}", Long.MAX_VALUE)).isTrue();
        // A double within one ulp of the limit: "not sure", whatever decimal text Jackson writes for it.
        assertThat(accepted("{\"type\":\"number\",\"minimum\":0.1}", 0.1)).isFalse();
        assertThat(accepted("{\"type\":\"number\",\"minimum\":0.1}", Math.nextUp(Math.nextUp(0.1)))).isTrue();
        assertThat(accepted("{\"type\":\"number\",\"maximum\":0.3}", 0.1 + 0.2)).isFalse();
        // Limits only apply to numbers.
        assertThat(accepted("{\"minimum\":5}", "three")).isTrue();
    }

    @Test
    void lengths_count_code_points_like_networknt() {
        assertThat(accepted("{\"type\":\"string\",\"minLength\":1,\"maxLength\":2}", "ab")).isTrue();
        assertThat(accepted("{\"type\":\"string\",\"minLength\":1,\"maxLength\":2}", "")).isFalse();
        assertThat(accepted("{\"type\":\"string\",\"minLength\":1,\"maxLength\":2}", "abc")).isFalse();
        // Two emoji: four UTF-16 units, two code points.
        assertThat(accepted("{\"type\":\"string\",\"maxLength\":2}", "\uD83D\uDE00\uD83D\uDE00")).isTrue();
        assertThat(accepted("{\"type\":\"string\",\"minLength\":2}", "\uD83D\uDE00")).isFalse();
        assertThat(accepted("{\"maxLength\":1}", 12345)).isTrue();
    }

    @Test
    void patterns_match_anywhere_unless_anchored_like_networknt() {
        assertThat(accepted("{\"type\":\"string\",\"pattern\":\"^[A-Z]{3}$\"}", "EUR")).isTrue();
        assertThat(accepted("{\"type\":\"string\",\"pattern\":\"^[A-Z]{3}$\"}", "EURO")).isFalse();
        // networknt's $ is the very end (\z): a trailing newline does not match.
        assertThat(accepted("{\"type\":\"string\",\"pattern\":\"^[A-Z]{3}$\"}", "EUR\n")).isFalse();
        // Unanchored: a match anywhere (find, not matches).
        assertThat(accepted("{\"type\":\"string\",\"pattern\":\"[0-9]\"}", "abc1def")).isTrue();
        assertThat(accepted("{\"type\":\"string\",\"pattern\":\"[0-9]\"}", "abcdef")).isFalse();
        assertThat(accepted("{\"pattern\":\"^a\"}", true)).isTrue();
    }

    @Test
    void required_additional_properties_and_the_segment_field() {
        String root = "{\"type\":\"object\",\"required\":[\"a\"],\"additionalProperties\":false,"
                + "\"properties\":{\"a\":{\"type\":\"string\"},\"b\":true,\"c\":false}}";
        assertThat(acceptedProperties(root, Map.of("a", "x"))).isTrue();
        assertThat(acceptedProperties(root, Map.of("a", "x", "b", List.of(1, Map.of())))).isTrue();
        assertThat(acceptedProperties(root, Map.of("b", 1))).isFalse();
        assertThat(acceptedProperties(root, Map.of("a", "x", "c", 1))).isFalse();
        assertThat(acceptedProperties(root, Map.of("a", "x", "d", 1))).isFalse();
        // _segment is not validated, as networknt never sees it.
        assertThat(acceptedProperties(root, Map.of("a", "x", "_segment", Map.of("messageId", "m")))).isTrue();
        String open = "{\"type\":\"object\",\"required\":[\"a\"],\"properties\":{\"a\":{\"type\":\"string\"}}}";
        assertThat(acceptedProperties(open, Map.of("a", "x", "d", new BigDecimal("1.5")))).isTrue();
        Map<String, Object> nullValue = new LinkedHashMap<>();
        nullValue.put("a", null);
        assertThat(acceptedProperties(open, nullValue)).isFalse();
        assertThat(acceptedProperties("{\"type\":\"object\",\"required\":[\"_segment\"]}", Map.of("_segment", Map.of()))).isFalse();
    }

    @Test
    void no_check_is_compiled_outside_the_subset() {
        List<String> outside = List.of(
                "{\"type\":\"object\",\"properties\":{\"p\":{\"type\":\"string\",\"format\":\"email\"}}}",
                "{\"type\":\"object\",\"properties\":{\"p\":{\"$ref\":\"#/$defs/x\"}},\"$defs\":{\"x\":true}}",
                "{\"type\":\"object\",\"properties\":{\"p\":{\"type\":\"object\",\"properties\":{}}}}",
                "{\"type\":\"object\",\"properties\":{\"p\":{\"type\":\"array\"}}}",
                "{\"type\":\"object\",\"properties\":{\"p\":{\"anyOf\":[{\"type\":\"string\"}]}}}",
                "{\"type\":\"object\",\"properties\":{\"p\":{\"readOnly\":true}}}",
                "{\"type\":\"object\",\"properties\":{\"p\":{\"minimum\":\"1\"}}}",
                "{\"type\":\"object\",\"properties\":{\"p\":{\"minLength\":1.0}}}",
                "{\"type\":\"object\",\"patternProperties\":{\"^x\":{\"type\":\"string\"}}}",
                "{\"type\":\"object\",\"additionalProperties\":{\"type\":\"string\"}}",
                "{\"type\":\"object\",\"dependentRequired\":{\"a\":[\"b\"]}}",
                "{\"type\":\"object\",\"if\":{\"required\":[\"a\"]},\"then\":{\"required\":[\"b\"]}}",
                "{\"type\":\"object\",\"unevaluatedProperties\":false}",
                "{\"type\":\"object\",\"minProperties\":1}",
                "{\"$schema\":\"http://json-schema.org/draft-04/schema#\",\"type\":\"object\"}",
                "{\"type\":[\"object\",\"null\"]}",
                "true");
        for (String schema : outside) {
            assertThat(compiled(schema)).as(schema).isEmpty();
        }
        assertThat(compiled("{\"$schema\":\"https://json-schema.org/draft/2020-12/schema\",\"$id\":\"urn:x\",\"title\":\"t\","
                + "\"type\":\"object\",\"properties\":{\"p\":{\"description\":\"d\",\"examples\":[1],\"default\":2,\"$comment\":\"c\"}}}"))
                .isPresent();
    }

    @Test
    void a_valid_purchase_takes_the_fast_path_and_an_invalid_one_gets_networknts_errors() {
        JsonSchemaValidation validation = new JsonSchemaValidation();
        ActiveSchema purchase = new ActiveSchema(new EventType("purchase"), 1, SchemaValidationBenchmark.SCHEMA,
                CompatibilityMode.BACKWARD, Enforcement.BLOCK, "api");
        Map<String, Object> values = SchemaValidationBenchmark.validPurchase();
        assertThat(acceptedProperties(SchemaValidationBenchmark.SCHEMA, values)).isTrue();
        assertThat(validation.validate(purchase, EventProperties.of(values))).isEmpty();
        assertThat(validation.hasAcceptanceCheck(purchase)).isTrue();
        values.put("amount", "129,95");
        assertThat(validation.validate(purchase, EventProperties.of(values))).extracting(v -> v.pointer() + " " + v.keyword())
                .containsExactly("/amount type");
    }
}
