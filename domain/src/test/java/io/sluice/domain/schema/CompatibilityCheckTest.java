package io.sluice.domain.schema;

import static org.assertj.core.api.Assertions.assertThat;

import java.math.BigDecimal;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

class CompatibilityCheckTest {

    private static final PropertyShape NUMBER = PropertyShape.ANY.withTypes(Set.of(JsonType.NUMBER));
    private static final PropertyShape INTEGER = PropertyShape.ANY.withTypes(Set.of(JsonType.INTEGER));
    private static final PropertyShape STRING = PropertyShape.ANY.withTypes(Set.of(JsonType.STRING));

    /** {@code purchase} v1: amount (number ≥ 0) required, currency optional. */
    private static final SchemaShape V1 = shape(Map.of("amount", NUMBER.withMinimum(new NumberBound(BigDecimal.ZERO, false)),
            "currency", STRING), Set.of("amount"), true);

    private static CompatibilityVerdict check(SchemaShape latest, SchemaShape next, CompatibilityMode mode) {
        return CompatibilityCheck.check(latest, 1, next, mode);
    }

    private static SchemaShape shape(Map<String, PropertyShape> properties, Set<String> required, boolean additional) {
        return new SchemaShape(new LinkedHashMap<>(properties), required, additional, Map.of());
    }

    private static SchemaShape withProperty(SchemaShape base, String name, PropertyShape property) {
        Map<String, PropertyShape> properties = new LinkedHashMap<>(base.properties());
        properties.put(name, property);
        return new SchemaShape(properties, base.required(), base.additionalProperties(), base.unsupportedKeywords());
    }

    private static SchemaShape requiring(SchemaShape base, String... names) {
        return new SchemaShape(base.properties(), Set.of(names), base.additionalProperties(), base.unsupportedKeywords());
    }

    private static SchemaShape withoutProperty(SchemaShape base, String name) {
        Map<String, PropertyShape> properties = new LinkedHashMap<>(base.properties());
        properties.remove(name);
        return new SchemaShape(properties, base.required(), base.additionalProperties(), base.unsupportedKeywords());
    }

    private static SchemaShape closed(SchemaShape base) {
        return new SchemaShape(base.properties(), base.required(), false, base.unsupportedKeywords());
    }

    @Nested
    class AddingAnOptionalProperty {
        private final SchemaShape next = withProperty(V1, "coupon", STRING);

        @Test
        void is_forward_compatible_but_not_backward_when_undeclared_properties_were_free() {
            // Under v1 a `coupon` could be anything (42, true); v2 insists on a string.
            assertThat(check(V1, next, CompatibilityMode.BACKWARD).reasons())
                    .containsExactly("property `coupon` added with constraints (it was free before): events valid under version 1 would be refused");
            assertThat(check(V1, next, CompatibilityMode.FORWARD).compatible()).isTrue();
            assertThat(check(V1, next, CompatibilityMode.FULL).compatible()).isFalse();
            assertThat(check(V1, next, CompatibilityMode.NONE).compatible()).isTrue();
        }

        @Test
        void is_compatible_in_every_mode_when_it_accepts_anything() {
            SchemaShape free = withProperty(V1, "note", PropertyShape.ANY);
            for (CompatibilityMode mode : CompatibilityMode.values()) {
                assertThat(check(V1, free, mode).compatible()).as(mode.label()).isTrue();
            }
        }

        @Test
        void is_backward_compatible_when_undeclared_properties_were_refused() {
            SchemaShape closedV1 = closed(V1);
            SchemaShape closedNext = closed(next);
            assertThat(check(closedV1, closedNext, CompatibilityMode.BACKWARD).compatible()).isTrue();
            // Readers of v1 would refuse the coupon that v2's producers may now send.
            assertThat(check(closedV1, closedNext, CompatibilityMode.FORWARD).reasons()).containsExactly(
                    "property `coupon` added while the latest version has additionalProperties false: "
                            + "events valid under the new version would be refused by version 1");
            assertThat(check(closedV1, closedNext, CompatibilityMode.FULL).compatible()).isFalse();
        }
    }

    @Nested
    class AddingARequiredProperty {
        private final SchemaShape next = requiring(V1, "amount", "currency");

        @Test
        void is_refused_backward_and_full_but_forward_compatible() {
            assertThat(check(V1, next, CompatibilityMode.BACKWARD).reasons())
                    .containsExactly("required property `currency` added: events valid under version 1 would be refused");
            assertThat(check(V1, next, CompatibilityMode.FULL).reasons())
                    .containsExactly("required property `currency` added: events valid under version 1 would be refused");
            assertThat(check(V1, next, CompatibilityMode.FORWARD).compatible()).isTrue();
            assertThat(check(V1, next, CompatibilityMode.NONE).compatible()).isTrue();
        }

        @Test
        void dropping_a_requirement_is_the_mirror_image() {
            SchemaShape optional = requiring(V1);
            assertThat(check(V1, optional, CompatibilityMode.BACKWARD).compatible()).isTrue();
            assertThat(check(V1, optional, CompatibilityMode.FORWARD).reasons()).containsExactly(
                    "property `amount` no longer required: events valid under the new version would be refused by version 1");
        }
    }

    @Nested
    class NarrowingAType {
        private final SchemaShape next = withProperty(V1, "amount", INTEGER.withMinimum(new NumberBound(BigDecimal.ZERO, false)));

        @Test
        void number_to_integer_is_forward_compatible_only() {
            assertThat(check(V1, next, CompatibilityMode.BACKWARD).reasons()).containsExactly(
                    "property `amount`: type changed from number to integer: events valid under version 1 would be refused");
            assertThat(check(V1, next, CompatibilityMode.FORWARD).compatible()).isTrue();
            assertThat(check(V1, next, CompatibilityMode.FULL).compatible()).isFalse();
            assertThat(check(V1, next, CompatibilityMode.NONE).compatible()).isTrue();
        }

        @Test
        void widening_integer_to_number_is_backward_compatible_only() {
            assertThat(check(next, V1, CompatibilityMode.BACKWARD).compatible()).isTrue();
            assertThat(check(next, V1, CompatibilityMode.FORWARD).reasons()).containsExactly(
                    "property `amount`: type changed from integer to number: events valid under the new version would be refused by version 1");
        }

        @Test
        void raising_a_minimum_narrows_too() {
            SchemaShape raised = withProperty(V1, "amount", NUMBER.withMinimum(new NumberBound(BigDecimal.ZERO, true)));
            assertThat(check(V1, raised, CompatibilityMode.BACKWARD).reasons()).containsExactly(
                    "property `amount`: minimum changed from 0 to exclusive 0: events valid under version 1 would be refused");
            assertThat(check(V1, raised, CompatibilityMode.FORWARD).compatible()).isTrue();
        }

        @Test
        void a_shorter_max_length_narrows_strings() {
            SchemaShape bounded = withProperty(V1, "currency", STRING.withLengths(3, 3));
            assertThat(check(V1, bounded, CompatibilityMode.BACKWARD).reasons()).containsExactly(
                    "property `currency`: minLength changed from none to 3: events valid under version 1 would be refused",
                    "property `currency`: maxLength changed from none to 3: events valid under version 1 would be refused");
            assertThat(check(V1, bounded, CompatibilityMode.FORWARD).compatible()).isTrue();
        }
    }

    @Nested
    class RemovingAProperty {
        private final SchemaShape next = withoutProperty(V1, "currency");

        @Test
        void is_compatible_both_ways_while_undeclared_properties_are_free() {
            // v2 no longer constrains currency: anything v1 accepted still passes (backward), but
            // v2 accepts currency: 42, which v1 refuses (forward).
            assertThat(check(V1, next, CompatibilityMode.BACKWARD).compatible()).isTrue();
            assertThat(check(V1, next, CompatibilityMode.FORWARD).reasons()).containsExactly(
                    "property `currency` removed (its constraints no longer apply): events valid under the new version would be refused by version 1");
            assertThat(check(V1, next, CompatibilityMode.FULL).compatible()).isFalse();
            assertThat(check(V1, next, CompatibilityMode.NONE).compatible()).isTrue();
        }

        @Test
        void is_refused_backward_when_undeclared_properties_are_refused() {
            assertThat(check(closed(V1), closed(next), CompatibilityMode.BACKWARD).reasons()).containsExactly(
                    "property `currency` removed while additionalProperties is false: events valid under version 1 would be refused");
            assertThat(check(closed(V1), closed(next), CompatibilityMode.FORWARD).compatible()).isTrue();
        }

        @Test
        void closing_the_schema_is_refused_backward() {
            assertThat(check(V1, closed(V1), CompatibilityMode.BACKWARD).reasons()).containsExactly(
                    "additionalProperties set to false: events valid under version 1 would be refused");
            assertThat(check(V1, closed(V1), CompatibilityMode.FORWARD).compatible()).isTrue();
        }
    }

    @Nested
    class EnumChanges {
        private final SchemaShape eurUsd = withProperty(V1, "currency", STRING.withEnum(Set.of("\"EUR\"", "\"USD\"")));
        private final SchemaShape eurUsdGbp = withProperty(V1, "currency", STRING.withEnum(Set.of("\"EUR\"", "\"USD\"", "\"GBP\"")));

        @Test
        void adding_a_value_is_backward_compatible_only() {
            assertThat(check(eurUsd, eurUsdGbp, CompatibilityMode.BACKWARD).compatible()).isTrue();
            assertThat(check(eurUsd, eurUsdGbp, CompatibilityMode.FORWARD).reasons()).containsExactly(
                    "property `currency`: enum value \"GBP\" added: events valid under the new version would be refused by version 1");
            assertThat(check(eurUsd, eurUsdGbp, CompatibilityMode.FULL).compatible()).isFalse();
            assertThat(check(eurUsd, eurUsdGbp, CompatibilityMode.NONE).compatible()).isTrue();
        }

        @Test
        void removing_a_value_is_forward_compatible_only() {
            assertThat(check(eurUsdGbp, eurUsd, CompatibilityMode.BACKWARD).reasons()).containsExactly(
                    "property `currency`: enum value \"GBP\" removed: events valid under version 1 would be refused");
            assertThat(check(eurUsdGbp, eurUsd, CompatibilityMode.FORWARD).compatible()).isTrue();
        }

        @Test
        void introducing_an_enum_narrows() {
            assertThat(check(V1, eurUsd, CompatibilityMode.BACKWARD).reasons()).containsExactly(
                    "property `currency`: enum changed from none to \"EUR\", \"USD\": events valid under version 1 would be refused");
            assertThat(check(V1, eurUsd, CompatibilityMode.FORWARD).compatible()).isTrue();
        }
    }

    @Nested
    class WhatTheModelCannotRepresent {

        @ParameterizedTest
        @EnumSource(value = CompatibilityMode.class, names = {"BACKWARD", "FORWARD", "FULL"})
        void top_level_combinators_are_refused_in_every_checking_mode(CompatibilityMode mode) {
            SchemaShape withOneOf = new SchemaShape(V1.properties(), V1.required(), true, Map.of("oneOf", "[{},{}]"));
            assertThat(check(V1, withOneOf, mode).reasons()).singleElement().asString()
                    .startsWith("top-level keyword `oneOf` cannot be compared");
            assertThat(check(withOneOf, withOneOf, mode).compatible()).as("even when unchanged: it is not modelled").isFalse();
            assertThat(check(V1, withOneOf, CompatibilityMode.NONE).compatible()).isTrue();
        }

        @Test
        void an_unmodelled_property_keyword_is_accepted_only_unchanged() {
            SchemaShape email = withProperty(V1, "currency", STRING.withOtherKeyword("format", "\"email\""));
            SchemaShape uri = withProperty(V1, "currency", STRING.withOtherKeyword("format", "\"uri\""));
            assertThat(check(email, email, CompatibilityMode.FULL).compatible()).isTrue();
            assertThat(check(email, uri, CompatibilityMode.BACKWARD).reasons()).singleElement().asString()
                    .startsWith("property `currency`: keyword format changed, and the check compares only");
        }

        @Test
        void an_identical_schema_is_compatible_in_every_mode() {
            for (CompatibilityMode mode : CompatibilityMode.values()) {
                assertThat(check(V1, V1, mode).compatible()).as(mode.label()).isTrue();
            }
        }
    }
}
