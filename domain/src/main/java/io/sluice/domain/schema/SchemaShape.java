package io.sluice.domain.schema;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.TreeMap;

/**
 * What the compatibility check knows of an event type's schema for the event's properties: the
 * declared properties, the required ones, whether undeclared properties are allowed, and the
 * top-level keywords it does not model ({@code unsupportedKeywords}, keyword to canonical JSON
 * text). An adapter builds it from a JSON Schema document; the domain never reads JSON.
 * Immutable and thread-safe.
 *
 * @param properties          the declared properties by name
 * @param required            the names that must be present
 * @param additionalProperties whether undeclared properties are accepted ({@code additionalProperties}
 *                            absent or {@code true}) or refused ({@code false})
 * @param unsupportedKeywords top-level keywords beyond {@code type: object}, {@code properties},
 *                            {@code required}, a boolean {@code additionalProperties} and annotations;
 *                            any of them makes versions incomparable (mode {@code none} excepted)
 */
public record SchemaShape(
        Map<String, PropertyShape> properties,
        Set<String> required,
        boolean additionalProperties,
        Map<String, String> unsupportedKeywords) {

    public SchemaShape {
        properties = java.util.Collections.unmodifiableMap(new LinkedHashMap<>(properties));
        properties.values().forEach(p -> Objects.requireNonNull(p, "property shape"));
        required = Set.copyOf(required);
        unsupportedKeywords = Map.copyOf(new TreeMap<>(unsupportedKeywords));
    }

    /** The shape of a property: declared, or what an undeclared one may be. */
    PropertyShape property(String name) {
        return properties.get(name);
    }
}
