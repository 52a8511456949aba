package io.sluice.domain.metric;

import java.util.Map;

/**
 * The storable state of a {@link QuantileSketch}: counts per logarithmic bin for positive and
 * negative values, and the count of zeros. Bins merge by adding counts, so a store can keep them
 * incrementally. Immutable and thread-safe.
 */
public record SketchBins(Map<Integer, Long> positive, Map<Integer, Long> negative, long zeros) {

    public SketchBins {
        positive = Map.copyOf(positive);
        negative = Map.copyOf(negative);
        if (zeros < 0) {
            throw new IllegalArgumentException("counts are not negative");
        }
    }
}
