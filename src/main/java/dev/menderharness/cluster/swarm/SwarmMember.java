package dev.menderharness.cluster.swarm;

import com.github.dockerjava.api.DockerClient;
import dev.menderharness.cluster.ExecResult;
import java.nio.file.Path;

/**
 * One swarm node as the deployer and the running stack use it: a DinD node this run created
 * ({@link DindNode}) or a node of a user's swarm reached through DOCKER_HOST ({@link DockerHostNode}).
 */
public interface SwarmMember {

    /** The node's swarm hostname. */
    String name();

    /** DOCKER_HOST naming this node's engine, e.g. tcp://10.0.0.5:2375 (a DinD node: its TLS port on 127.0.0.1). */
    String dockerHost();

    /** docker-java client of this node's engine. */
    DockerClient client();

    /**
     * Runs a command whose {@code docker} CLI talks to this node's engine (DinD: inside the node;
     * DOCKER_HOST: on this machine with DOCKER_HOST set). Used for docker CLI commands only.
     */
    ExecResult exec(String... command);

    /** Makes {@code localDir} readable for {@link #exec} commands; returns the path they use. */
    String copyIn(Path localDir, String remoteDir);

    /** URL the test JVM reaches {@code nodePort} (published on this node) at, e.g. https://localhost:49321. */
    java.net.URI published(String scheme, int nodePort);
}
