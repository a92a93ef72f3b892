package dev.menderharness.cluster.kubernetes;

import dev.menderharness.cluster.Cluster;
import dev.menderharness.cluster.ClusterOptions;
import dev.menderharness.images.ImagePolicy;

/** {@code -Dcluster=k3s}: a throwaway k3s in a container of the host engine. */
public final class K3sProvider extends KubernetesProvider {

    @Override
    public String name() {
        return "k3s";
    }

    @Override
    public Cluster create(ClusterOptions options) {
        return K3sCluster.start(options, ImagePolicy.of(options.settings()));
    }
}
