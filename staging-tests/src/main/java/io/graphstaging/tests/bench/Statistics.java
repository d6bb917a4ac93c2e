package io.graphstaging.tests.bench;

import java.util.List;

/** The figures benchmarks report. */
public final class Statistics {
    private Statistics() {}

    /** The median (the mean of the two middle values for an even count); robust to a slow round. */
    public static double median(List<? extends Number> values) {
        if (values.isEmpty()) {
            throw new IllegalArgumentException("No values to take the median of");
        }
        List<Double> sorted = values.stream().map(Number::doubleValue).sorted().toList();
        int n = sorted.size();
        return n % 2 == 1 ? sorted.get(n / 2) : (sorted.get(n / 2 - 1) + sorted.get(n / 2)) / 2;
    }
}
