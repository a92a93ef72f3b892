package dev.menderharness.checks;

import dev.menderharness.support.Stopwatch;
import java.time.Duration;

/**
 * A limit counted from a moment that has passed (a restart began, a node was stopped): how much of
 * it is left, for a wait that must end when the limit does. Never less than a millisecond, so a
 * wait started after the limit still asks once (a {@code Waits} timeout must be positive).
 */
public record Deadline(Stopwatch since, Duration limit) {

    private static final Duration AT_LEAST = Duration.ofMillis(1);

    public static Deadline of(Stopwatch since, Duration limit) {
        return new Deadline(since, limit);
    }

    public Duration left() {
        Duration left = limit.minus(since.elapsed());
        return left.compareTo(AT_LEAST) < 0 ? AT_LEAST : left;
    }

    public boolean passed() {
        return since.elapsed().compareTo(limit) >= 0;
    }
}
