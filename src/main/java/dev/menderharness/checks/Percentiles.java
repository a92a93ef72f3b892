package dev.menderharness.checks;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;

/** Nearest-rank percentiles of measured durations (no interpolation: every value reported was measured). */
public final class Percentiles {

    private final List<Long> sortedNanos;

    public Percentiles(Collection<Duration> samples) {
        List<Long> n = new ArrayList<>();
        for (Duration d : samples) {
            n.add(d.toNanos());
        }
        n.sort(Long::compare);
        this.sortedNanos = List.copyOf(n);
    }

    public int count() {
        return sortedNanos.size();
    }

    /** The smallest sample such that at least {@code p} percent of samples are ≤ it; p in (0, 100]. */
    public Duration percentile(double p) {
        if (p <= 0 || p > 100) {
            throw new IllegalArgumentException("percentile must be in (0, 100], was " + p);
        }
        if (sortedNanos.isEmpty()) {
            throw new IllegalStateException("no samples");
        }
        int rank = (int) Math.ceil(p / 100.0 * sortedNanos.size());
        return Duration.ofNanos(sortedNanos.get(Math.max(rank, 1) - 1));
    }

    public Duration max() {
        return percentile(100);
    }

    public static double millis(Duration d) {
        return d.toNanos() / 1e6;
    }
}
