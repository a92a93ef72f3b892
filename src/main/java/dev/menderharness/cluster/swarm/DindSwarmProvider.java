package dev.menderharness.cluster.swarm;

import dev.menderharness.cluster.Cluster;
import dev.menderharness.cluster.ClusterKind;
import dev.menderharness.cluster.ClusterOptions;
import dev.menderharness.cluster.ClusterProvider;
import java.nio.file.Path;
import java.util.Optional;

/** {@code swarm}: a throwaway Docker-in-Docker swarm, one manager plus {@code swarm.workers} workers. */
public final class DindSwarmProvider implements ClusterProvider {
    @Override
    public String name() {
        return "swarm";
    }

    @Override
    public ClusterKind kind() {
        return ClusterKind.SWARM;
    }

    @Override
    public boolean keepable() {
        return true;
    }

    /** The Swarm form: {@code swarm/stack.yml}. */
    @Override
    public Optional<String> manifestProblem(Path dir) {
        return SwarmStackDeployer.stackFileProblem(dir);
    }

    @Override
    public Cluster create(ClusterOptions options) {
        return DindSwarmCluster.start(options);
    }
}
