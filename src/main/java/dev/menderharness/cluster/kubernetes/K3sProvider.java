package dev.menderharness.cluster.kubernetes;

import dev.menderharness.cluster.Cluster;
import dev.menderharness.cluster.ClusterKind;
import dev.menderharness.cluster.ClusterOptions;
import dev.menderharness.cluster.ClusterProvider;
import dev.menderharness.images.ImagePolicy;
import java.nio.file.Path;
import java.util.Optional;

/** {@code -Dcluster=k3s}: a throwaway k3s in a container of the host engine. */
public final class K3sProvider implements ClusterProvider {

    @Override
    public String name() {
        return "k3s";
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
        return K3sCluster.start(options, ImagePolicy.of(options.settings()));
    }
}
