package io.sluice.adapters.chronicle.bench;

import java.util.Arrays;
import java.util.Locale;

/** The one line a ceiling program prints for {@code bench/run}: median and range of per-second rates. */
final class CeilingLine {

    private CeilingLine() {
    }

    static void print(String name, String unit, int bytesPerItem, double[] rates) {
        double[] sorted = rates.clone();
        Arrays.sort(sorted);
        System.out.printf(Locale.ROOT, "CEILING %s median=%.0f min=%.0f max=%.0f unit=%s samples=%d bytes=%d%n", name,
                sorted[sorted.length / 2], sorted[0], sorted[sorted.length - 1], unit, sorted.length, bytesPerItem);
    }
}
