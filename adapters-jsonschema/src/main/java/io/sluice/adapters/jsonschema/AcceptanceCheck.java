package io.sluice.adapters.jsonschema;

import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

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

    /** What is known of one named property: its check, and whether the schema requires it. */
    private record Slot(PropertyCheck check, boolean required) {
    }

    // One map lookup per property in a single pass over the event: the required ones are counted
    // on the way instead of looked up again. A schema requiring _segment is never certain: the pass
    // skips that field (networknt never sees it), so it is never counted.
    private final Map<String, Slot> slots;
    private final int requiredCount;
    private final boolean additionalProperties;

    AcceptanceCheck(Map<String, PropertyCheck> properties, List<String> required, boolean additionalProperties) {
        Set<String> requiredNames = new HashSet<>(required);
        Map<String, Slot> slots = new HashMap<>();
        properties.forEach((name, check) -> slots.put(name, new Slot(check, requiredNames.contains(name))));
        for (String name : requiredNames) {
            // required without a property schema: allowed as an additional property, or never
            slots.putIfAbsent(name, new Slot(additionalProperties ? PropertyCheck.ANYTHING : PropertyCheck.NOTHING, true));
        }
        this.slots = Map.copyOf(slots);
        this.requiredCount = requiredNames.size();
        this.additionalProperties = additionalProperties;
    }

    /** {@code true}: networknt reports no error for these properties; {@code false}: not sure. */
    boolean certainlyValid(Map<String, Object> values) {
        int requiredSeen = 0;
        for (Map.Entry<String, Object> entry : values.entrySet()) {
            String name = entry.getKey();
            if (JsonSchemaValidation.SEGMENT_FIELD.equals(name)) {
                continue;
            }
            Slot slot = slots.get(name);
            if (slot == null) {
                if (!additionalProperties) {
                    return false;
                }
            } else if (!slot.check().certainlyValid(entry.getValue())) {
                return false;
            } else if (slot.required()) {
                requiredSeen++;
            }
        }
        return requiredSeen == requiredCount;
    }
}
