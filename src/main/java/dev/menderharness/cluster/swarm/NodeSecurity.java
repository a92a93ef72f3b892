package dev.menderharness.cluster.swarm;

/**
 * How a DinD node gets the rights an inner dockerd needs: {@code --privileged}, or, on engines
 * that refuse it (a capability bounding set without CAP_SYS_RESOURCE), the capability recipe of
 * shared/env/containers-here.md.
 */
public enum NodeSecurity {
    PRIVILEGED,
    CAPABILITY_RECIPE;

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
