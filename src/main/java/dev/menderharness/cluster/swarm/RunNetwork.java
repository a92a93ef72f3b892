package dev.menderharness.cluster.swarm;

import com.github.dockerjava.api.DockerClient;
import com.github.dockerjava.api.exception.NotFoundException;
import java.util.Map;
import org.testcontainers.containers.Network;

/** The private bridge network of one run's nodes, named and labelled by us (not Testcontainers'). */
final class RunNetwork implements Network {
    private final DockerClient docker;
    private final String name;
    private final String id;

    private RunNetwork(DockerClient docker, String name, String id) {
        this.docker = docker;
        this.name = name;
        this.id = id;
    }

    static RunNetwork create(DockerClient docker, String name, Map<String, String> labels) {
        String id = docker.createNetworkCmd().withName(name).withDriver("bridge")
                .withLabels(labels).withCheckDuplicate(true).exec().getId();
        return new RunNetwork(docker, name, id);
    }

    String name() {
        return name;
    }

    @Override
    public String getId() {
        return id;
    }

    @Override
    public void close() {
        try {
            docker.removeNetworkCmd(id).exec();
        } catch (NotFoundException gone) {
            // already removed
        }
    }
}
