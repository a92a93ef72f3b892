package dev.menderharness.cluster;

import dev.menderharness.images.ImagePolicy;
import java.nio.file.Path;
import java.util.Optional;
import java.util.Set;

/**
 * Creates (or connects to) a cluster of one kind. Providers are found by {@link ClusterProviders}
 * through {@code ServiceLoader}: a new provider is a package under {@code cluster/} plus one line in
 * {@code META-INF/services/dev.menderharness.cluster.ClusterProvider}.
 */
public interface ClusterProvider {

    /** The name users select it by: {@code -Dcluster=<name>}, {@code up --provider <name>}. */
    String name();

    /** The orchestrator its clusters run, known before one is created (for suite conditions). */
    ClusterKind kind();

    /** Whether {@code up} may keep its clusters after the JVM exits (removed later by {@code down}). */
    default boolean keepable() {
        return false;
    }

    /**
     * Why this provider cannot deploy the manifests in {@code dir} (e.g. no stack file for Swarm),
     * in one line, decided from the files before anything starts; empty when it can.
     */
    Optional<String> manifestProblem(Path dir);

    /**
     * The images (after {@code policy}) that must be on the host engine to bring {@code manifests}
     * up with this provider: nodes never pull, they get images from the host. Empty where the
     * cluster pulls its images itself.
     */
    default Set<String> hostImages(Path manifests, ImagePolicy policy) {
        return Set.of();
    }

    Cluster create(ClusterOptions options);

    /**
     * Removes what a bring-up of {@code options.runId()} left when it was interrupted before
     * {@link #create} returned (Ctrl-C while the nodes start). Never throws.
     */
    default void abandon(ClusterOptions options) {
        try {
            new Reaper(HostDocker.forRun(options), options.reporter(), options.settings().stateDir()).removeRun(options.runId());
        } catch (RuntimeException e) {
            options.reporter().progress("could not remove what run " + options.runId() + " left: " + e.getMessage());
        }
    }
}
