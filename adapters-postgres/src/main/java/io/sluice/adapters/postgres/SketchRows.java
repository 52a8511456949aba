package io.sluice.adapters.postgres;

import io.sluice.domain.metric.SketchBins;
import java.util.HashMap;
import java.util.Map;

/**
 * How {@link SketchBins} map to rows of {@code metric_sketch_bins}: a sign per row (1 positive,
 * -1 negative, 0 the zero bin at index 0) and a count. Accumulates rows of one bucket back into
 * bins; not thread-safe.
 */
final class SketchRows {

    static final short POSITIVE = 1;
    static final short NEGATIVE = -1;
    static final short ZERO = 0;

    private final Map<Integer, Long> positive = new HashMap<>();
    private final Map<Integer, Long> negative = new HashMap<>();
    private long zeros;

    void add(short sign, int index, long count) {
        switch (sign) {
            case POSITIVE -> positive.merge(index, count, Long::sum);
            case NEGATIVE -> negative.merge(index, count, Long::sum);
            case ZERO -> zeros += count;
            default -> throw new IllegalStateException("a sketch bin's sign is -1, 0 or 1, not " + sign);
        }
    }

    SketchBins bins() {
        return new SketchBins(positive, negative, zeros);
    }
}
