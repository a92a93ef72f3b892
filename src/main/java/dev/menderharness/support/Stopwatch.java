package dev.menderharness.support;

import java.time.Duration;

/** Elapsed time since a start, in the units phase timings and benchmarks use. */
public final class Stopwatch {

    private final long start;

    private Stopwatch(long start) {
        this.start = start;
    }

    public static Stopwatch start() {
        return new Stopwatch(System.nanoTime());
    }

    public double seconds() {
        return (System.nanoTime() - start) / 1e9;
    }

    public Duration elapsed() {
        return Duration.ofNanos(System.nanoTime() - start);
    }

    /** Seconds rounded to two decimals, as benchmark files hold them. */
    public static double round(double seconds) {
        return Math.round(seconds * 100) / 100.0;
    }
}
