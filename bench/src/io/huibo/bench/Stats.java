package io.huibo.bench;

import java.util.Arrays;
import java.util.Collection;

/** Percentiles by the nearest-rank method over all samples of a step (no sampling, no smoothing). */
final class Stats {
    private Stats() {
    }

    static double percentile(Collection<Double> values, double p) {
        if (values.isEmpty()) {
            return Double.NaN;
        }
        double[] sorted = values.stream().mapToDouble(Double::doubleValue).toArray();
        Arrays.sort(sorted);
        int rank = (int) Math.ceil(p / 100.0 * sorted.length);
        return sorted[Math.max(0, Math.min(sorted.length - 1, rank - 1))];
    }
}
