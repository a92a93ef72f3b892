package dev.menderharness.checks;

import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Latency percentiles by the nearest-rank method (the value a reader can find in the samples,
 * no interpolation), in milliseconds.
 */
public record LatencyPercentiles(int samples, double p50, double p95, double p99, double max) {

    public static LatencyPercentiles of(Collection<Double> millis) {
        if (millis.isEmpty()) {
            return new LatencyPercentiles(0, Double.NaN, Double.NaN, Double.NaN, Double.NaN);
        }
        double[] sorted = millis.stream().mapToDouble(Double::doubleValue).sorted().toArray();
        return new LatencyPercentiles(sorted.length, rank(sorted, 50), rank(sorted, 95), rank(sorted, 99),
                sorted[sorted.length - 1]);
    }

    /** Nearest rank: the smallest sample such that at least p% of the samples are at or below it. */
    static double rank(double[] sorted, double p) {
        int n = (int) Math.ceil(p / 100.0 * sorted.length);
        return sorted[Math.max(0, Math.min(sorted.length, n) - 1)];
    }

    public Map<String, Object> asMap() {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("samples", samples);
        m.put("p50_ms", round(p50));
        m.put("p95_ms", round(p95));
        m.put("p99_ms", round(p99));
        m.put("max_ms", round(max));
        return m;
    }

    private static Object round(double v) {
        return Double.isNaN(v) ? null : Math.round(v * 10) / 10.0;
    }

    @Override
    public String toString() {
        return samples == 0 ? "no samples"
                : String.format("p50 %.1f ms, p95 %.1f ms, p99 %.1f ms, max %.1f ms (%d samples)", p50, p95, p99, max, samples);
    }
}
