package dev.menderharness.checks;

import dev.menderharness.cluster.RunningStack;
import dev.menderharness.support.Reporter;
import java.util.Objects;

/** What a {@link Check} runs against: the deployed stack, and where it tells what it does. */
public record CheckContext(RunningStack stack, Reporter reporter) {

    public CheckContext {
        Objects.requireNonNull(stack, "stack");
        Objects.requireNonNull(reporter, "reporter");
    }
}
