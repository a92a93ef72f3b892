package dev.menderharness.cluster;

import dev.menderharness.support.Reporter;
import dev.menderharness.support.Settings;
import java.nio.file.Path;
import java.time.Duration;

/**
 * How to create a cluster, and what the run gives it.
 *
 * @param runId        labels everything the cluster creates ({@link RunLabels})
 * @param workers      worker nodes besides the manager/control plane (providers that cannot, ignore it)
 * @param keep         made to be kept by {@code up}: nothing of it belongs to this JVM's lifecycle
 *                     (Testcontainers). It counts as kept only once {@code up} has finished and
 *                     called {@link Cluster#markKept()}: until then it is reaped like any dead run.
 * @param lease        how long the run may live before the next run's reaper treats it as dead
 * @param manifestsDir the manifests the first deploy will use, so that a provider can prepare for it
 *                     while its nodes start (images, deploy-time secrets); null when unknown
 * @param settings     the run's settings
 * @param reporter     where the cluster and its stacks report progress and steps
 */
public record ClusterOptions(String runId, int workers, boolean keep, Duration lease, Path manifestsDir,
                             Settings settings, Reporter reporter) {

    /** A throwaway cluster for one test run: {@code -Dswarm.workers} workers, the stack of {@code -Dmanifests.dir}. */
    public static ClusterOptions throwaway(String runId, Settings settings, Reporter reporter) {
        return new ClusterOptions(runId, settings.swarmWorkers(), false, RunLabels.DEFAULT_LEASE, settings.manifestsDir(),
                settings, reporter);
    }

    public ClusterOptions withWorkers(int count) {
        return new ClusterOptions(runId, count, keep, lease, manifestsDir, settings, reporter);
    }

    public ClusterOptions withManifests(Path dir) {
        return new ClusterOptions(runId, workers, keep, lease, dir, settings, reporter);
    }

    public ClusterOptions kept() {
        return new ClusterOptions(runId, workers, true, lease, manifestsDir, settings, reporter);
    }

    /** The labels of everything the cluster creates: never "kept" at creation (see {@link #keep}). */
    public RunLabels labels() {
        return RunLabels.forThisProcess(runId, lease, false);
    }
}
