package io.sluice.domain.schema;

import java.math.BigDecimal;
import java.util.Objects;

/**
 * A numeric bound of a property ({@code minimum}/{@code exclusiveMinimum} or
 * {@code maximum}/{@code exclusiveMaximum}). Immutable and thread-safe.
 *
 * @param value     the bound
 * @param exclusive whether the bound itself is outside the range
 */
public record NumberBound(BigDecimal value, boolean exclusive) {

    public NumberBound {
        Objects.requireNonNull(value, "value");
    }

    /** Whether every number above this lower bound is also above {@code other} (null: no bound). */
    boolean lowerWithin(NumberBound other) {
        if (other == null) {
            return true;
        }
        int order = value.compareTo(other.value);
        return order > 0 || order == 0 && (exclusive || !other.exclusive);
    }

    /** Whether every number below this upper bound is also below {@code other} (null: no bound). */
    boolean upperWithin(NumberBound other) {
        if (other == null) {
            return true;
        }
        int order = value.compareTo(other.value);
        return order < 0 || order == 0 && (exclusive || !other.exclusive);
    }

    @Override
    public String toString() {
        return (exclusive ? "exclusive " : "") + value.toPlainString();
    }
}
