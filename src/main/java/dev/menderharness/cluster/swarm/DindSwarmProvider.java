package dev.menderharness.cluster.swarm;

import dev.menderharness.cluster.Cluster;
import dev.menderharness.cluster.ClusterOptions;
import dev.menderharness.cluster.ClusterProvider;

/** {@code swarm}: a throwaway Docker-in-Docker swarm, one manager plus {@code swarm.workers} workers. */
public final class DindSwarmProvider implements ClusterProvider {
    @Override
    public String name() {
        return "swarm";
    }

    @Override
    public Cluster create(ClusterOptions options) {
        return DindSwarmCluster.start(options);
    }
}
