package io.sluice.domain.schema;

import java.util.List;

/**
 * The outcome of comparing a new schema version with the latest one: compatible, or the reasons
 * it is not, each naming what changed and which events it would break. Immutable.
 *
 * @param reasons empty when compatible
 */
public record CompatibilityVerdict(List<String> reasons) {

    public static final CompatibilityVerdict COMPATIBLE = new CompatibilityVerdict(List.of());

    public CompatibilityVerdict {
        reasons = List.copyOf(reasons);
    }

    public boolean compatible() {
        return reasons.isEmpty();
    }
}
