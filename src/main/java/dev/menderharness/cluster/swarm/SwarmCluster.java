package dev.menderharness.cluster.swarm;

import dev.menderharness.cluster.Cluster;
import dev.menderharness.cluster.RunLabels;
import dev.menderharness.images.ImagePolicy;
import java.util.List;
import java.util.Map;

/** What the swarm stack deployer needs from a swarm cluster beyond {@link Cluster}. */
public interface SwarmCluster extends Cluster {

    DindNode manager();

    /** Every node, manager first. */
    List<DindNode> swarmNodes();

    ImagePolicy imagePolicy();

    RunLabels labels();

    /** Bring-up phase durations in seconds, in order; deployers add theirs. */
    Map<String, Double> phaseSeconds();

    /** The node whose swarm hostname is {@code hostname}. */
    default DindNode nodeByHostname(String hostname) {
        return swarmNodes().stream().filter(n -> n.name().equals(hostname)).findFirst()
                .orElseThrow(() -> new IllegalStateException("swarm reports node '" + hostname + "' the harness did not create"));
    }
}
