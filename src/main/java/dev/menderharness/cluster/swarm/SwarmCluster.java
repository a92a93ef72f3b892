package dev.menderharness.cluster.swarm;

import dev.menderharness.cluster.Cluster;
import dev.menderharness.cluster.RunLabels;
import dev.menderharness.images.ImagePolicy;
import dev.menderharness.images.ImageDistributor;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/** What the swarm stack deployer needs from a swarm cluster beyond {@link Cluster}. */
public interface SwarmCluster extends Cluster {

    SwarmMember manager();

    /** Every node, manager first. */
    List<? extends SwarmMember> swarmNodes();

    ImagePolicy imagePolicy();

    RunLabels labels();

    /** Bring-up phase durations in seconds, in order; deployers add theirs. */
    Map<String, Double> phaseSeconds();

    /** The node whose swarm hostname is {@code hostname}. */
    default SwarmMember nodeByHostname(String hostname) {
        return swarmNodes().stream().filter(n -> n.name().equals(hostname)).findFirst()
                .orElseThrow(() -> new IllegalStateException("swarm reports node '" + hostname + "' the harness did not create"));
    }

    /** Puts {@code images} on every node that runs tasks (DinD: loaded from the host engine, never pulled). */
    default void loadImages(Set<String> images) {
        Map<String, com.github.dockerjava.api.DockerClient> clients = new LinkedHashMap<>();
        swarmNodes().forEach(n -> clients.put(n.name(), n.client()));
        new ImageDistributor(HostDocker.client()).distribute(images, clients);
    }

    /** Whether the nodes' kernel has IPVS (VIPs, ingress mesh); see shared/env/containers-here.md. */
    default boolean hasIpvs() {
        return ipvsOn(manager());
    }

    static boolean ipvsOn(SwarmMember node) {
        return node.exec("test", "-e", "/proc/net/ip_vs").ok();
    }

    /**
     * True when the swarm is not this run's own (DOCKER_HOST): stacks get per-run names for the
     * objects they create outside the stack (external secrets), and leave nothing behind.
     */
    default boolean shared() {
        return false;
    }

    /** Published port as written in the manifests to the one used (shared swarms only; empty: as written). */
    default Map<Integer, Integer> publishedPorts() {
        return Map.of();
    }
}
