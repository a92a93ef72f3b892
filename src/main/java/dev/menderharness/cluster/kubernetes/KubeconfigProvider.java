package dev.menderharness.cluster.kubernetes;

import dev.menderharness.cluster.Cluster;
import dev.menderharness.cluster.ClusterOptions;
import dev.menderharness.images.ImagePolicy;

/** {@code -Dcluster=kubeconfig}: the cluster of KUBECONFIG's current context, one namespace per stack. */
public final class KubeconfigProvider extends KubernetesProvider {

    @Override
    public String name() {
        return "kubeconfig";
    }

    @Override
    public Cluster create(ClusterOptions options) {
        return KubeconfigCluster.connect(options, ImagePolicy.of(options.settings()));
    }
}
