package io.sluice.domain.metric;

import java.util.HashMap;
import java.util.Map;
import java.util.TreeMap;

/**
 * A mergeable quantile sketch with a guaranteed relative error (the DDSketch construction:
 * logarithmic bins of ratio {@code (1+a)/(1-a)}). With {@link #RELATIVE_ACCURACY} = 1 %, every
 * quantile it answers is within 1 % of a value of the true rank, for any distribution, and two
 * sketches merge exactly by adding bin counts, which lets PostgreSQL keep them incrementally.
 * Not thread-safe.
 */
public final class QuantileSketch {

    public static final double RELATIVE_ACCURACY = 0.01;
    private static final double GAMMA = (1 + RELATIVE_ACCURACY) / (1 - RELATIVE_ACCURACY);
    private static final double LOG_GAMMA = Math.log(GAMMA);
    /** Magnitudes below this are counted as zero; far below any unit a client measures in. */
    private static final double MIN_INDEXABLE = 1e-9;

    private final Map<Integer, Long> positive = new HashMap<>();
    private final Map<Integer, Long> negative = new HashMap<>();
    private long zeros;
    private long count;

    public static QuantileSketch of(SketchBins bins) {
        QuantileSketch sketch = new QuantileSketch();
        sketch.merge(bins);
        return sketch;
    }

    public void add(double value) {
        if (!Double.isFinite(value)) {
            throw new IllegalArgumentException("only finite values are sketched");
        }
        double magnitude = Math.abs(value);
        if (magnitude < MIN_INDEXABLE) {
            zeros++;
        } else {
            (value > 0 ? positive : negative).merge(index(magnitude), 1L, Long::sum);
        }
        count++;
    }

    public void merge(SketchBins bins) {
        bins.positive().forEach((index, n) -> positive.merge(index, n, Long::sum));
        bins.negative().forEach((index, n) -> negative.merge(index, n, Long::sum));
        zeros += bins.zeros();
        count += bins.zeros() + sum(bins.positive()) + sum(bins.negative());
    }

    public long count() {
        return count;
    }

    /**
     * The value at quantile {@code q} (0 ≤ q ≤ 1), using the lower rank {@code floor(q·(n−1))}.
     *
     * @throws IllegalStateException when the sketch is empty
     */
    public double quantile(double q) {
        if (q < 0 || q > 1 || Double.isNaN(q)) {
            throw new IllegalArgumentException("a quantile is between 0 and 1");
        }
        if (count == 0) {
            throw new IllegalStateException("an empty sketch has no quantiles");
        }
        long rank = (long) Math.floor(q * (count - 1));
        long seen = 0;
        for (Map.Entry<Integer, Long> bin : new TreeMap<>(negative).descendingMap().entrySet()) {
            seen += bin.getValue();
            if (seen > rank) {
                return -value(bin.getKey());
            }
        }
        seen += zeros;
        if (seen > rank) {
            return 0;
        }
        for (Map.Entry<Integer, Long> bin : new TreeMap<>(positive).entrySet()) {
            seen += bin.getValue();
            if (seen > rank) {
                return value(bin.getKey());
            }
        }
        throw new IllegalStateException("bin counts do not add up to the sample count");
    }

    public SketchBins bins() {
        return new SketchBins(positive, negative, zeros);
    }

    private static int index(double magnitude) {
        return (int) Math.ceil(Math.log(magnitude) / LOG_GAMMA);
    }

    private static double value(int index) {
        return 2 * Math.pow(GAMMA, index) / (GAMMA + 1);
    }

    private static long sum(Map<Integer, Long> bins) {
        long total = 0;
        for (long n : bins.values()) {
            total += n;
        }
        return total;
    }
}
