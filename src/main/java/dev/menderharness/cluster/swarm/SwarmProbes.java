package dev.menderharness.cluster.swarm;

import com.github.dockerjava.api.DockerClient;
import com.github.dockerjava.api.exception.NotFoundException;
import dev.menderharness.cluster.ExecResult;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.SortedSet;
import java.util.TreeSet;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Long-lived probe containers on the manager, one per set of stack networks: a probe for a service
 * joins exactly that service's networks, so it resolves names the way the service does. Keeping
 * them running makes a probe one {@code docker exec} (tens of milliseconds), not a container start.
 */
final class SwarmProbes implements AutoCloseable {

    private final SwarmMember manager;
    private final String image;
    private final String stackName;
    private final Map<String, String> labels;
    private final Map<SortedSet<String>, String> probes = new ConcurrentHashMap<>();

    SwarmProbes(SwarmMember manager, String image, String stackName, Map<String, String> labels) {
        this.manager = manager;
        this.image = image;
        this.stackName = stackName;
        this.labels = labels;
    }

    /** Runs {@code command} in the probe joined to {@code networks} (network IDs or names). */
    ExecResult run(SortedSet<String> networks, Duration timeout, String... command) {
        String id = probes.computeIfAbsent(new TreeSet<>(networks), this::create);
        return NodeExec.run(manager.client(), id, timeout, command);
    }

    private String create(SortedSet<String> networks) {
        DockerClient docker = manager.client();
        List<String> nets = new ArrayList<>(networks);
        String name = stackName + "-probe-" + Integer.toHexString(networks.hashCode());
        try {
            docker.removeContainerCmd(name).withForce(true).withRemoveVolumes(true).exec(); // a probe left by an earlier apply of this stack
        } catch (NotFoundException ignored) {
            // the usual case
        }
        String id = docker.createContainerCmd(image).withName(name).withLabels(labels)
                .withEntrypoint("sleep", "infinity")
                .withHostConfig(com.github.dockerjava.api.model.HostConfig.newHostConfig().withNetworkMode(nets.get(0)))
                .exec().getId();
        for (String net : nets.subList(1, nets.size())) {
            docker.connectToNetworkCmd().withContainerId(id).withNetworkId(net).exec();
        }
        docker.startContainerCmd(id).exec();
        return id;
    }

    @Override
    public void close() {
        for (String id : probes.values()) {
            try {
                manager.client().removeContainerCmd(id).withForce(true).withRemoveVolumes(true).exec();
            } catch (RuntimeException ignored) {
                // node may be gone already
            }
        }
        probes.clear();
    }
}
