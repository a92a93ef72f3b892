package dev.menderharness.cluster.kubernetes;

import dev.menderharness.cluster.ClusterKind;
import dev.menderharness.cluster.ClusterProvider;
import java.nio.file.Path;
import java.util.Optional;

/** What the Kubernetes providers share: their kind, and the manifests form they deploy. */
abstract class KubernetesProvider implements ClusterProvider {

    @Override
    public ClusterKind kind() {
        return ClusterKind.KUBERNETES;
    }

    /** The Kubernetes form: a chart, a kustomization or kubernetes/. */
    @Override
    public Optional<String> manifestProblem(Path dir) {
        return KubernetesStackDeployer.manifestProblem(dir);
    }
}
