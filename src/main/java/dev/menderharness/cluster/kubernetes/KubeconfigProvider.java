package dev.menderharness.cluster.kubernetes;

import dev.menderharness.cluster.Cluster;
import dev.menderharness.cluster.ClusterKind;
import dev.menderharness.cluster.ClusterOptions;
import dev.menderharness.cluster.ClusterProvider;
import dev.menderharness.images.ImagePolicy;
import java.nio.file.Path;
import java.util.Optional;

/** {@code -Dcluster=kubeconfig}: the cluster of KUBECONFIG's current context, one namespace per stack. */
public final class KubeconfigProvider implements ClusterProvider {

    @Override
    public String name() {
        return "kubeconfig";
    }

    @Override
    public ClusterKind kind() {
        return ClusterKind.KUBERNETES;
    }

    /** The Kubernetes form: {@code kustomization.yaml}. */
    @Override
    public Optional<String> manifestProblem(Path dir) {
        return KubernetesStackDeployer.manifestProblem(dir);
    }

    @Override
    public Cluster create(ClusterOptions options) {
        return KubeconfigCluster.connect(options, ImagePolicy.of(options.settings()));
    }
}
