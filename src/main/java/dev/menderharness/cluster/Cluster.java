package dev.menderharness.cluster;

import java.nio.file.Path;
import java.util.List;
import java.util.Map;

/**
 * A throwaway (or existing) cluster: a DinD swarm, k3s, or a user's cluster. It can host several
 * stacks at once (the reference and broken variants), each in its own stack/namespace.
 */
public interface Cluster extends AutoCloseable {

    String runId();

    ClusterKind kind();

    /** Node names, manager/control-plane first. */
    List<String> nodes();

    /**
     * Deploys a manifests directory (the one holding {@code kubernetes/} and {@code swarm/}) under
     * {@code stackName}, applying the run's image policy, and waits until it is ready.
     */
    RunningStack deploy(Path manifestsDir, String stackName);

    /** Stops a node (worker) the way a failed machine would stop; the orchestrator must cope. */
    void stopNode(String node);

    void startNode(String node);

    /**
     * Seconds per bring-up phase so far, in order (e.g. nodes, images, deploy, healthy), for the
     * bring-up report and benchmark; empty where the provider does not measure phases.
     */
    default Map<String, Double> bringUpPhases() {
        return Map.of();
    }

    /**
     * The environment a person's own CLI needs to reach this cluster by hand (e.g. DOCKER_HOST and
     * its TLS files, written under {@code credentialsDir}); empty where there is nothing to add.
     */
    default Map<String, String> handAccess(Path credentialsDir) {
        return Map.of();
    }

    /**
     * Marks the run kept ({@code up} has finished): from now on no reaper removes it, only
     * {@code down}. Clusters that cannot be kept refuse.
     */
    default void markKept() {
        throw new UnsupportedOperationException("a " + kind() + " cluster of this provider cannot be kept");
    }

    /** Removes everything this cluster created. Always safe to call twice. */
    @Override
    void close();
}
