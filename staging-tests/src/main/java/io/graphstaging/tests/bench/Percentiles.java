package io.graphstaging.tests.bench;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;

/** Percentiles of measured values, nearest rank. */
public final class Percentiles {
    private Percentiles() {}

    /** The {@code percent}-th percentile (0 to 100) of non-empty {@code values}. */
    public static long of(List<Long> values, int percent) {
        if (values.isEmpty() || percent < 0 || percent > 100) {
            throw new IllegalArgumentException("A percentile needs values and a percent from 0 to 100");
        }
        List<Long> sorted = new ArrayList<>(values);
        Collections.sort(sorted);
        int rank = (int) Math.ceil(percent / 100.0 * sorted.size());
        return sorted.get(Math.max(0, rank - 1));
    }
}
