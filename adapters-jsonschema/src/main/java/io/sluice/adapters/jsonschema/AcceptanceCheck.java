package io.sluice.adapters.jsonschema;

import java.util.List;
import java.util.Map;

/**
 * A fast check, compiled from one schema version by {@link AcceptanceCheckCompiler}, that answers
 * "certainly valid" or "not sure" for an event's properties. It sits in front of networknt:
 * "certainly valid" skips networknt (no tree, no error machinery), "not sure" hands the event to
 * networknt, which decides and builds the errors. So errors never come from here, a wrong "not
 * sure" only costs time, and the one outcome it must never produce is "certainly valid" for
 * properties networknt would refuse. The {@code _segment} property is left out, as
 * {@link JsonSchemaValidation} leaves it out of networknt's input. Immutable, thread-safe.
 */
final class AcceptanceCheck {

    private final Map<String, PropertyCheck> properties;
    private final List<String> required;
    private final boolean additionalProperties;

    AcceptanceCheck(Map<String, PropertyCheck> properties, List<String> required, boolean additionalProperties) {
        this.properties = Map.copyOf(properties);
        this.required = List.copyOf(required);
        this.additionalProperties = additionalProperties;
    }

    /** {@code true}: networknt reports no error for these properties; {@code false}: not sure. */
    boolean certainlyValid(Map<String, Object> values) {
        for (String name : required) {
            if (!values.containsKey(name) || JsonSchemaValidation.SEGMENT_FIELD.equals(name)) {
                return false;
            }
        }
        for (Map.Entry<String, Object> entry : values.entrySet()) {
            String name = entry.getKey();
            if (JsonSchemaValidation.SEGMENT_FIELD.equals(name)) {
                continue;
            }
            PropertyCheck check = properties.get(name);
            if (check == null) {
                if (!additionalProperties) {
                    return false;
                }
            } else if (!check.certainlyValid(entry.getValue())) {
                return false;
            }
        }
        return true;
    }
}
