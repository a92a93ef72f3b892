package dev.menderharness.stack;

import dev.menderharness.cluster.RunningStack;
import java.util.Optional;

/** Whether a deployed stack answers like a ready Mender server; cluster-neutral. */
@FunctionalInterface
public interface ReadinessCheck {

    /** Empty when ready; else what is not ready yet, in one line. */
    Optional<String> notReady(RunningStack stack);
}
