package dev.menderharness.cluster.swarm;

import dev.menderharness.support.Exceptions;
import dev.menderharness.support.Reporter;
/**
 * How a DinD node gets the rights an inner dockerd needs: {@code --privileged}, or, on engines
 * that refuse it (a capability bounding set without CAP_SYS_RESOURCE), the capability recipe
 * (docs/swarm-cluster.md).
 */
public enum NodeSecurity {
    PRIVILEGED,
    CAPABILITY_RECIPE;

    /**
     * Runs {@code start} privileged; when the engine refuses privileged containers, says so once and
     * runs it again with the capability recipe. Returns what the successful start returned.
     */
    static <T> T withFallback(Reporter reporter, java.util.function.Function<NodeSecurity, T> start) {
        return withFallback(reporter, PRIVILEGED, start);
    }

    /**
     * As {@link #withFallback(Reporter, java.util.function.Function)}, but trying {@code learned} first: what
     * worked on this engine before (a node seed records it), so a refusal is not paid for again.
     */
    static <T> T withFallback(Reporter reporter, NodeSecurity learned, java.util.function.Function<NodeSecurity, T> start) {
        if (learned == CAPABILITY_RECIPE) {
            reporter.progress("DinD nodes use the capability recipe: this engine refused --privileged"
                    + " when the node seed was built");
            return start.apply(CAPABILITY_RECIPE);
        }
        try {
            return start.apply(PRIVILEGED);
        } catch (RuntimeException e) {
            if (!isPrivilegeRefusal(e)) throw e;
            reporter.progress("engine refuses --privileged (" + Exceptions.rootLine(e)
                    + "): DinD nodes use the capability recipe"
                    + " (cap-add ALL, cap-drop SYS_RESOURCE, seccomp/apparmor/systempaths unconfined, /sys/fs/cgroup rw)");
            return start.apply(CAPABILITY_RECIPE);
        }
    }

    /** True when a start failure means "this engine refuses privileged containers". */
    static boolean isPrivilegeRefusal(Throwable error) {
        for (Throwable t = error; t != null; t = t.getCause()) {
            String m = String.valueOf(t.getMessage()).toLowerCase(java.util.Locale.ROOT);
            if (m.contains("apply caps") || m.contains("operation not permitted") || m.contains("privileged")) {
                return true;
            }
        }
        return false;
    }
}
