package dev.menderharness.cluster;

/** The two orchestrators the harness knows; checks use it only to word their reports. */
public enum ClusterKind {
    SWARM,
    KUBERNETES
}
