package io.sluice.adapters.jsonschema;

import java.math.BigDecimal;
import java.math.RoundingMode;

/**
 * One of {@code minimum}, {@code exclusiveMinimum}, {@code maximum}, {@code exclusiveMaximum},
 * prepared so that {@link AcceptanceCheck} can answer "certainly within" without allocating.
 * networknt compares a long against the schema's long (keyword on an {@code "integer"} property)
 * or the decimal text of both numbers ({@code new BigDecimal(node.asString())}). Integers are
 * compared exactly here, which agrees with both. For a double, the decimal text Jackson writes
 * ({@code String.valueOf(double)}) is some decimal that reads back as the same double, so it lies strictly between the double's two
 * neighbours; requiring the neighbour towards the limit to be within it makes the answer hold for
 * any such text, at the price of "not sure" for values within one ulp of the limit. Immutable.
 */
final class NumberLimit {

    private final boolean lower;
    /** Smallest (lower) or largest (upper) long that is within; {@code longNever}: no long is. */
    private final long longLimit;
    private final boolean longNever;
    /** Smallest double ≥ the limit (lower) or largest double ≤ it (upper); infinite if none. */
    private final double doubleLimit;

    private NumberLimit(boolean lower, long longLimit, boolean longNever, double doubleLimit) {
        this.lower = lower;
        this.longLimit = longLimit;
        this.longNever = longNever;
        this.doubleLimit = doubleLimit;
    }

    /** A lower limit: values must be ≥ {@code limit}, or > it when {@code exclusive}. */
    static NumberLimit lower(BigDecimal limit, boolean exclusive) {
        BigDecimal smallestLong = exclusive ? limit.setScale(0, RoundingMode.FLOOR).add(BigDecimal.ONE)
                : limit.setScale(0, RoundingMode.CEILING);
        boolean never = smallestLong.compareTo(BigDecimal.valueOf(Long.MAX_VALUE)) > 0;
        long longLimit = never ? Long.MAX_VALUE : smallestLong.max(BigDecimal.valueOf(Long.MIN_VALUE)).longValueExact();
        double nearest = limit.doubleValue();
        double ceiling = Double.isInfinite(nearest) || new BigDecimal(nearest).compareTo(limit) >= 0 ? nearest : Math.nextUp(nearest);
        return new NumberLimit(true, longLimit, never, ceiling);
    }

    /** An upper limit: values must be ≤ {@code limit}, or < it when {@code exclusive}. */
    static NumberLimit upper(BigDecimal limit, boolean exclusive) {
        BigDecimal largestLong = exclusive ? limit.setScale(0, RoundingMode.CEILING).subtract(BigDecimal.ONE)
                : limit.setScale(0, RoundingMode.FLOOR);
        boolean never = largestLong.compareTo(BigDecimal.valueOf(Long.MIN_VALUE)) < 0;
        long longLimit = never ? Long.MIN_VALUE : largestLong.min(BigDecimal.valueOf(Long.MAX_VALUE)).longValueExact();
        double nearest = limit.doubleValue();
        double floor = Double.isInfinite(nearest) || new BigDecimal(nearest).compareTo(limit) <= 0 ? nearest : Math.nextDown(nearest);
        return new NumberLimit(false, longLimit, never, floor);
    }

    boolean certainlyWithin(long value) {
        if (longNever) {
            return false;
        }
        return lower ? value >= longLimit : value <= longLimit;
    }

    /** {@code value} is finite. */
    boolean certainlyWithin(double value) {
        // An infinite limit has no double on its side (a -Infinity lower limit only means a
        // limit below every double's range, which is rare enough to leave to networknt).
        if (Double.isInfinite(doubleLimit)) {
            return false;
        }
        return lower ? Math.nextDown(value) >= doubleLimit : Math.nextUp(value) <= doubleLimit;
    }
}
