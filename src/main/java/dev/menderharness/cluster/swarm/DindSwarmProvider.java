package dev.menderharness.cluster.swarm;

import dev.menderharness.cluster.Cluster;
import dev.menderharness.cluster.ClusterOptions;
import dev.menderharness.images.HarnessImages;
import dev.menderharness.images.ImagePolicy;
import java.nio.file.Path;
import java.util.LinkedHashSet;
import java.util.Set;

/** {@code swarm}: a throwaway Docker-in-Docker swarm, one manager plus {@code swarm.workers} workers. */
public final class DindSwarmProvider extends SwarmProvider {
    @Override
    public String name() {
        return "swarm";
    }

    @Override
    public boolean keepable() {
        return true;
    }

    /** The stack's images and the probe, loaded into the nodes, and the node image itself. */
    @Override
    public Set<String> hostImages(Path manifests, ImagePolicy policy) {
        Set<String> images = new LinkedHashSet<>(super.hostImages(manifests, policy));
        images.add(policy.resolve(HarnessImages.DIND));
        return images;
    }

    @Override
    public Cluster create(ClusterOptions options) {
        return DindSwarmCluster.start(options);
    }
}
