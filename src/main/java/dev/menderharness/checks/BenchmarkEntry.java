package dev.menderharness.checks;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;

/**
 * One entry of a benchmark file: {@code values} recorded under {@code key} in
 * {@code <benchmarks dir>/<file>.json}, next to the other keys of that file (other checks, other
 * runs of suites in other JVMs). Values keep their order and may be null (a percentile of no samples).
 *
 * @param file the file's name without {@code .json}, e.g. {@code recovery}
 * @param key  the entry's key, e.g. {@code recovery.kill-replica.mender-deployments}
 */
public record BenchmarkEntry(String file, String key, Map<String, ?> values) {

    public BenchmarkEntry {
        Objects.requireNonNull(file, "file");
        Objects.requireNonNull(key, "key");
        if (!file.matches("[A-Za-z0-9][A-Za-z0-9._-]*") || file.endsWith(".json")) {
            throw new IllegalArgumentException("benchmark file name '" + file + "': a plain name without .json expected");
        }
        if (key.isBlank()) {
            throw new IllegalArgumentException("benchmark key is blank");
        }
        values = Collections.unmodifiableMap(new LinkedHashMap<>(values));
    }
}
