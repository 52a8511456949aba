package io.sluice.domain.metric;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.Arrays;
import java.util.SplittableRandom;
import java.util.function.DoubleSupplier;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.jupiter.api.Test;

class QuantileSketchTest {

    private static final int N = 20_000;

    static Stream<Arguments> distributions() {
        return Stream.of(
                Arguments.of("uniform 0..1000", (Distribution) r -> () -> r.nextDouble(0, 1000)),
                Arguments.of("exponential mean 50", (Distribution) r -> () -> -50 * Math.log(1 - r.nextDouble())),
                Arguments.of("lognormal sigma 2", (Distribution) r -> () -> Math.exp(2 * gaussian(r))),
                Arguments.of("lognormal heavy tail sigma 4", (Distribution) r -> () -> Math.exp(1 + 4 * gaussian(r))),
                Arguments.of("negative normal", (Distribution) r -> () -> -200 + 30 * gaussian(r)),
                Arguments.of("mostly negative with zeros", (Distribution) r -> () -> r.nextInt(10) == 0 ? 0 : -r.nextDouble(1, 1e6)),
                Arguments.of("zeros and positives", (Distribution) r -> () -> r.nextInt(10) < 3 ? 0 : r.nextDouble(1e-3, 10)),
                Arguments.of("mixed signs", (Distribution) r -> () -> r.nextDouble(-1000, 1000)),
                Arguments.of("constant", (Distribution) r -> () -> 42.0),
                Arguments.of("all zeros", (Distribution) r -> () -> 0.0),
                Arguments.of("tiny and huge", (Distribution) r -> () -> r.nextBoolean() ? 1e-6 * r.nextDouble(1, 2) : 1e12 * r.nextDouble(1, 2)));
    }

    interface Distribution {
        DoubleSupplier from(SplittableRandom random);
    }

    private static double gaussian(SplittableRandom r) {
        // Box-Muller, so the test does not depend on RandomGenerator#nextGaussian's algorithm.
        return Math.sqrt(-2 * Math.log(1 - r.nextDouble())) * Math.cos(2 * Math.PI * r.nextDouble());
    }

    private static double[] sample(Distribution distribution, long seed) {
        DoubleSupplier values = distribution.from(new SplittableRandom(seed));
        double[] data = new double[N];
        for (int i = 0; i < N; i++) {
            data[i] = values.getAsDouble();
        }
        return data;
    }

    /** The value of rank floor(q·(n−1)), the convention the sketch documents. */
    private static double exact(double[] sorted, double q) {
        return sorted[(int) Math.floor(q * (sorted.length - 1))];
    }

    private static void assertWithinRelativeAccuracy(double actual, double expected) {
        if (expected == 0) {
            assertThat(actual).isZero();
        } else {
            assertThat(Math.abs(actual - expected) / Math.abs(expected))
                    .as("estimate %s of %s", actual, expected)
                    .isLessThanOrEqualTo(QuantileSketch.RELATIVE_ACCURACY + 1e-12);
        }
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("distributions")
    void p95IsWithinOnePercentOfTheExactValue(String name, Distribution distribution) {
        for (long seed = 1; seed <= 2; seed++) {
            double[] data = sample(distribution, seed);
            QuantileSketch sketch = new QuantileSketch();
            Arrays.stream(data).forEach(sketch::add);
            Arrays.sort(data);

            assertThat(sketch.count()).isEqualTo(N);
            assertWithinRelativeAccuracy(sketch.quantile(0.95), exact(data, 0.95));
            for (double q : new double[] {0, 0.01, 0.5, 0.99, 1}) {
                assertWithinRelativeAccuracy(sketch.quantile(q), exact(data, q));
            }
        }
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("distributions")
    void mergingBinsEqualsSketchingTheUnion(String name, Distribution distribution) {
        double[] data = sample(distribution, 11);
        QuantileSketch left = new QuantileSketch();
        QuantileSketch right = new QuantileSketch();
        QuantileSketch union = new QuantileSketch();
        for (int i = 0; i < data.length; i++) {
            (i % 3 == 0 ? left : right).add(data[i]);
            union.add(data[i]);
        }

        QuantileSketch merged = QuantileSketch.of(left.bins());
        merged.merge(right.bins());

        assertThat(merged.bins()).isEqualTo(union.bins());
        assertThat(merged.count()).isEqualTo(union.count());
        assertThat(merged.quantile(0.95)).isEqualTo(union.quantile(0.95));
    }

    @Test
    void aSingleValueIsItsOwnQuantileWithinTheAccuracy() {
        QuantileSketch sketch = new QuantileSketch();
        sketch.add(-3.5);
        assertWithinRelativeAccuracy(sketch.quantile(0.95), -3.5);
        assertWithinRelativeAccuracy(sketch.quantile(0), -3.5);
    }

    @Test
    void mergingAnEmptySketchChangesNothing() {
        QuantileSketch sketch = new QuantileSketch();
        sketch.add(1);
        sketch.add(2);
        SketchBins before = sketch.bins();
        sketch.merge(new QuantileSketch().bins());
        assertThat(sketch.bins()).isEqualTo(before);
        assertThat(sketch.count()).isEqualTo(2);
    }

    @Test
    void binsAreASnapshot() {
        QuantileSketch sketch = new QuantileSketch();
        sketch.add(1);
        SketchBins bins = sketch.bins();
        sketch.add(1);
        assertThat(QuantileSketch.of(bins).count()).isEqualTo(1);
    }

    @Test
    void refusesWhatItCannotAnswer() {
        QuantileSketch sketch = new QuantileSketch();
        assertThatThrownBy(() -> sketch.quantile(0.5)).isInstanceOf(IllegalStateException.class);
        assertThatThrownBy(() -> sketch.add(Double.NaN)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> sketch.add(Double.POSITIVE_INFINITY)).isInstanceOf(IllegalArgumentException.class);
        sketch.add(1);
        assertThatThrownBy(() -> sketch.quantile(1.01)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> sketch.quantile(-0.01)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> sketch.quantile(Double.NaN)).isInstanceOf(IllegalArgumentException.class);
    }
}
