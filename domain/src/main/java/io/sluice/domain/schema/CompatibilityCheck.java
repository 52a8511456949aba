package io.sluice.domain.schema;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.TreeSet;

/**
 * Decides whether a new version of an event type's schema may follow the latest one under the
 * type's {@link CompatibilityMode}. Conservative: it accepts only what it can prove from the
 * modelled constraints (see {@link SchemaShape} and {@link PropertyShape}); anything else is
 * refused with a reason, unless the mode is {@code none}. Proving "every event valid under schema
 * N is valid under schema W" (N within W) is done keyword by keyword:
 * <ul>
 *   <li>W requires no property N does not require;</li>
 *   <li>W refuses undeclared properties only if N does;</li>
 *   <li>a property W declares but N does not: N may carry any value there unless N refuses
 *       undeclared properties, so W must then accept anything for it;</li>
 *   <li>a property N declares but W does not: W must accept undeclared properties;</li>
 *   <li>a property both declare: N's types within W's (an integer is a number), W's {@code enum}
 *       a superset of N's, N's numeric and length bounds within W's, the same {@code pattern},
 *       and exactly the same other keywords.</li>
 * </ul>
 * Backward is "latest within new", forward "new within latest", full both. Stateless and thread-safe.
 */
public final class CompatibilityCheck {

    private CompatibilityCheck() {
    }

    /**
     * @param latest        the latest registered version's shape
     * @param latestVersion its version number, for the reasons
     * @param next          the proposed version's shape
     * @param mode          the compatibility mode the new version must satisfy
     */
    public static CompatibilityVerdict check(SchemaShape latest, int latestVersion, SchemaShape next, CompatibilityMode mode) {
        Objects.requireNonNull(latest, "latest");
        Objects.requireNonNull(next, "next");
        List<String> reasons = new ArrayList<>();
        switch (Objects.requireNonNull(mode, "mode")) {
            case NONE -> {
                return CompatibilityVerdict.COMPATIBLE;
            }
            case BACKWARD -> new Comparison(latest, next, true, latestVersion, reasons).run();
            case FORWARD -> new Comparison(next, latest, false, latestVersion, reasons).run();
            case FULL -> {
                new Comparison(latest, next, true, latestVersion, reasons).run();
                new Comparison(next, latest, false, latestVersion, reasons).run();
            }
        }
        return new CompatibilityVerdict(reasons.stream().distinct().toList());
    }

    /**
     * One direction: every event valid under {@code narrower} must be valid under {@code wider}.
     * Reasons describe the change from the latest version to the new one: in the backward
     * direction the narrower is the latest, in the forward direction the new one.
     */
    private record Comparison(SchemaShape narrower, SchemaShape wider, boolean backward, int latestVersion, List<String> reasons) {

        void run() {
            unsupported(narrower.unsupportedKeywords());
            unsupported(wider.unsupportedKeywords());
            for (String name : new TreeSet<>(wider.required())) {
                if (!narrower.required().contains(name)) {
                    fail(backward ? "required property `" + name + "` added" : "property `" + name + "` no longer required");
                }
            }
            if (narrower.additionalProperties() && !wider.additionalProperties()) {
                fail(backward ? "additionalProperties set to false" : "additionalProperties false removed");
            }
            for (Map.Entry<String, PropertyShape> declared : wider.properties().entrySet()) {
                String name = declared.getKey();
                PropertyShape inNarrower = narrower.property(name);
                if (inNarrower == null && narrower.additionalProperties() && !declared.getValue().acceptsAnything()) {
                    fail(backward ? "property `" + name + "` added with constraints (it was free before)"
                            : "property `" + name + "` removed (its constraints no longer apply)");
                }
            }
            for (Map.Entry<String, PropertyShape> declared : narrower.properties().entrySet()) {
                String name = declared.getKey();
                PropertyShape inWider = wider.property(name);
                if (inWider == null) {
                    if (!wider.additionalProperties()) {
                        fail(backward ? "property `" + name + "` removed while additionalProperties is false"
                                : "property `" + name + "` added while the latest version has additionalProperties false");
                    }
                } else {
                    property(name, declared.getValue(), inWider);
                }
            }
        }

        private void property(String name, PropertyShape n, PropertyShape w) {
            if (!typesWithin(n.types(), w.types())) {
                changed(name, "type", describe(n.types()), describe(w.types()));
            }
            if (w.enumLiterals() != null) {
                if (n.enumLiterals() == null) {
                    changed(name, "enum", "none", String.join(", ", new TreeSet<>(w.enumLiterals())));
                } else {
                    Set<String> missing = new TreeSet<>(n.enumLiterals());
                    missing.removeAll(w.enumLiterals());
                    if (!missing.isEmpty()) {
                        fail("property `" + name + "`: enum value" + (missing.size() > 1 ? "s " : " ") + String.join(", ", missing)
                                + (backward ? " removed" : " added"));
                    }
                }
            }
            if (n.mayBeNumber()) {
                if (!(n.minimum() == null ? w.minimum() == null : n.minimum().lowerWithin(w.minimum()))) {
                    changed(name, "minimum", text(n.minimum()), text(w.minimum()));
                }
                if (!(n.maximum() == null ? w.maximum() == null : n.maximum().upperWithin(w.maximum()))) {
                    changed(name, "maximum", text(n.maximum()), text(w.maximum()));
                }
            }
            if (n.mayBeString()) {
                if (w.minLength() != null && w.minLength() > 0 && (n.minLength() == null || n.minLength() < w.minLength())) {
                    changed(name, "minLength", text(n.minLength()), text(w.minLength()));
                }
                if (w.maxLength() != null && (n.maxLength() == null || n.maxLength() > w.maxLength())) {
                    changed(name, "maxLength", text(n.maxLength()), text(w.maxLength()));
                }
                if (w.pattern() != null && !w.pattern().equals(n.pattern())) {
                    changed(name, "pattern", text(n.pattern()), text(w.pattern()));
                }
            }
            if (!n.otherKeywords().equals(w.otherKeywords())) {
                Set<String> differing = new TreeSet<>(n.otherKeywords().keySet());
                differing.addAll(w.otherKeywords().keySet());
                differing.removeIf(k -> Objects.equals(n.otherKeywords().get(k), w.otherKeywords().get(k)));
                fail("property `" + name + "`: keyword" + (differing.size() > 1 ? "s " : " ") + String.join(", ", differing)
                        + " changed, and the check compares only type, enum, const, minimum, maximum, exclusiveMinimum, "
                        + "exclusiveMaximum, minLength, maxLength and pattern");
            }
        }

        private void unsupported(Map<String, String> keywords) {
            for (String keyword : new TreeSet<>(keywords.keySet())) {
                reasons.add("top-level keyword `" + keyword + "` cannot be compared (only type, properties, required and a "
                        + "boolean additionalProperties are): compatibility cannot be proven; use compatibility none to register it");
            }
        }

        /** Names the change in the latest-to-new order, whichever side is narrower. */
        private void changed(String name, String keyword, String narrowerValue, String widerValue) {
            String from = backward ? narrowerValue : widerValue;
            String to = backward ? widerValue : narrowerValue;
            fail("property `" + name + "`: " + keyword + " changed from " + from + " to " + to);
        }

        private void fail(String change) {
            reasons.add(change + (backward
                    ? ": events valid under version " + latestVersion + " would be refused"
                    : ": events valid under the new version would be refused by version " + latestVersion));
        }

        private static boolean typesWithin(Set<JsonType> n, Set<JsonType> w) {
            if (w.isEmpty()) {
                return true;
            }
            if (n.isEmpty()) {
                return false;
            }
            for (JsonType type : n) {
                if (!w.contains(type) && !(type == JsonType.INTEGER && w.contains(JsonType.NUMBER))) {
                    return false;
                }
            }
            return true;
        }

        private static String describe(Set<JsonType> types) {
            if (types.isEmpty()) {
                return "any";
            }
            return String.join("|", types.stream().map(JsonType::label).sorted().toList());
        }

        private static String text(Object value) {
            return value == null ? "none" : value.toString();
        }
    }
}
