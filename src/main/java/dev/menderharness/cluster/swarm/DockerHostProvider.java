package dev.menderharness.cluster.swarm;

import dev.menderharness.cluster.Cluster;
import dev.menderharness.cluster.ClusterOptions;
import dev.menderharness.cluster.ClusterProvider;
import dev.menderharness.images.ImagePolicy;

/** {@code docker-host}: the existing swarm whose manager DOCKER_HOST names; one fresh stack per run, removed after. */
public final class DockerHostProvider implements ClusterProvider {
    @Override
    public String name() {
        return "docker-host";
    }

    @Override
    public Cluster create(ClusterOptions options) {
        return DockerHostSwarmCluster.connect(options, ImagePolicy.fromSystemProperties(), System.getenv("DOCKER_HOST"));
    }
}
