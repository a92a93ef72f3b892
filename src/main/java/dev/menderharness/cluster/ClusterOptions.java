package dev.menderharness.cluster;

import java.time.Duration;

/**
 * How to create a cluster.
 *
 * @param runId   labels everything the cluster creates ({@link RunLabels})
 * @param workers worker nodes besides the manager/control plane (providers that cannot, ignore it)
 * @param keep    kept after this JVM exits ({@code up}); removed only by {@code down}
 * @param lease   how long the run may live before the next run's reaper treats it as dead
 */
public record ClusterOptions(String runId, int workers, boolean keep, Duration lease) {

    /** From system properties: {@code swarm.workers} (default 2). */
    public static ClusterOptions fromSystemProperties(String runId) {
        return new ClusterOptions(runId, Integer.getInteger("swarm.workers", 2), false, RunLabels.DEFAULT_LEASE);
    }

    public RunLabels labels() {
        return RunLabels.forThisProcess(runId, keep ? Duration.ofDays(36500) : lease, keep);
    }
}
