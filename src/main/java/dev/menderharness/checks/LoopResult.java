package dev.menderharness.checks;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * What a {@link RequestLoop} saw.
 *
 * @param sent      requests sent
 * @param failures  every failed request: offset from the loop start and what went wrong
 * @param latencies latency of each successful request, ms
 * @param seconds   how long the loop ran
 */
public record LoopResult(int sent, List<Failure> failures, LatencyPercentiles latencies, double seconds) {

    public record Failure(double atSeconds, String what) {
        @Override
        public String toString() {
            return String.format("+%.2fs %s", atSeconds, what);
        }
    }

    public int failed() {
        return failures.size();
    }

    /** Failures after {@code seconds} from the loop start. */
    public long failedAfter(double seconds) {
        return failures.stream().filter(f -> f.atSeconds() > seconds).count();
    }

    public String describeFailures(int max) {
        StringBuilder sb = new StringBuilder();
        failures.stream().limit(max).forEach(f -> sb.append("\n  ").append(f));
        if (failures.size() > max) {
            sb.append("\n  ... ").append(failures.size() - max).append(" more");
        }
        return sb.toString();
    }

    public Map<String, Object> asMap() {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("requests", sent);
        m.put("failed", failed());
        m.put("seconds", Math.round(seconds * 100) / 100.0);
        m.put("latency", latencies.asMap());
        return m;
    }
}
