package dev.menderharness.checks;

import java.util.Optional;

/** What a {@link Check} measured. */
public interface CheckResult {

    /**
     * The benchmark entry this result records ({@code target/benchmarks/<file>.json}, under its key),
     * or empty when it has no numbers worth keeping across runs.
     */
    default Optional<BenchmarkEntry> benchmark() {
        return Optional.empty();
    }
}
