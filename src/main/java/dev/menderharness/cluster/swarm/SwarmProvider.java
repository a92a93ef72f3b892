package dev.menderharness.cluster.swarm;

import dev.menderharness.cluster.ClusterKind;
import dev.menderharness.cluster.ClusterProvider;
import dev.menderharness.images.ImagePolicy;
import java.nio.file.Path;
import java.util.Optional;
import java.util.Set;

/** What the Swarm providers share: their kind, the manifests form they deploy, the images their nodes get from this host. */
abstract class SwarmProvider implements ClusterProvider {

    @Override
    public ClusterKind kind() {
        return ClusterKind.SWARM;
    }

    /** The Swarm form: a stack file or a Compose project. */
    @Override
    public Optional<String> manifestProblem(Path dir) {
        return SwarmStackDeployer.stackFileProblem(dir);
    }

    /** The stack's images and the probe, loaded from this host into the nodes. */
    @Override
    public Set<String> hostImages(Path manifests, ImagePolicy policy) {
        return SwarmStackDeployer.imagesFor(manifests, policy);
    }
}
