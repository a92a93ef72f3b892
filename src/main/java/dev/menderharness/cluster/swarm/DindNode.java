package dev.menderharness.cluster.swarm;

import com.github.dockerjava.api.DockerClient;
import com.github.dockerjava.api.command.CreateContainerCmd;
import com.github.dockerjava.api.command.InspectContainerResponse;
import com.github.dockerjava.api.model.Bind;
import com.github.dockerjava.api.model.Capability;
import com.github.dockerjava.api.model.ExposedPort;
import com.github.dockerjava.api.model.HostConfig;
import com.github.dockerjava.api.model.PortBinding;
import com.github.dockerjava.api.model.Ports;
import com.github.dockerjava.api.model.Volume;
import java.net.URI;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.testcontainers.containers.Container.ExecResult;
import org.testcontainers.containers.GenericContainer;
import org.testcontainers.containers.wait.strategy.Wait;
import org.testcontainers.dockerclient.DockerClientProviderStrategy;
import org.testcontainers.dockerclient.TransportConfig;
import org.testcontainers.images.ImagePullPolicy;
import org.testcontainers.utility.DockerImageName;

/**
 * One swarm node: a Docker-in-Docker container on the run's private network. Its inner dockerd
 * listens on the private network (swarm traffic) and, for the harness, on a port the host engine
 * binds to 127.0.0.1 only; {@link #client()} is a docker-java client talking to it there.
 */
public final class DindNode implements AutoCloseable {

    static final int DOCKER_PORT = 2375;

    private final String name;
    private final String containerName;
    private final DockerClient host;
    private final GenericContainer<?> container;
    private final String volume;
    private final String networkName;
    private volatile DockerClient client;

    private DindNode(String name, String containerName, DockerClient host, GenericContainer<?> container,
                     String volume, String networkName) {
        this.name = name;
        this.containerName = containerName;
        this.host = host;
        this.container = container;
        this.volume = volume;
        this.networkName = networkName;
    }

    /**
     * Creates and starts a node. {@code publishedPorts} are node ports (e.g. the gateway's 80/443
     * published in host mode on the manager) bound to random 127.0.0.1 ports of the host.
     */
    static DindNode start(DockerClient host, String image, String runId, String name, RunNetwork network,
                          Map<String, String> labels, NodeSecurity security, List<Integer> publishedPorts) {
        String containerName = "mh-" + runId + "-" + name;
        String volume = containerName + "-docker";
        host.createVolumeCmd().withName(volume).withLabels(labels).exec();
        List<Integer> ports = new ArrayList<>(publishedPorts);
        ports.add(0, DOCKER_PORT);
        GenericContainer<?> c = new GenericContainer<>(DockerImageName.parse(image))
                .withImagePullPolicy(neverPull())
                .withNetwork(network)
                .withNetworkAliases(name)
                .withEnv("DOCKER_TLS_CERTDIR", "") // upstream docker:dind: no TLS setup
                .withCommand("--host=unix:///var/run/docker.sock", "--host=tcp://0.0.0.0:" + DOCKER_PORT, "--tls=false")
                .withLabels(labels)
                .withStartupAttempts(1)
                .waitingFor(Wait.forLogMessage(".*API listen on .*:" + DOCKER_PORT + ".*", 1)
                        .withStartupTimeout(Duration.ofSeconds(90)))
                .withCreateContainerCmdModifier(cmd -> configure(cmd, containerName, name, volume, security, ports, labels));
        DindNode node = new DindNode(name, containerName, host, c, volume, network.name());
        try {
            c.start();
        } catch (RuntimeException e) {
            node.close();
            throw e;
        }
        node.connect();
        return node;
    }

    private static ImagePullPolicy neverPull() {
        // Node images are local (fixture) or pulled by the image policy's tooling, never here.
        return imageName -> false;
    }

    private static void configure(CreateContainerCmd cmd, String containerName, String hostname, String volume,
                                  NodeSecurity security, List<Integer> ports, Map<String, String> labels) {
        HostConfig hc = security == NodeSecurity.PRIVILEGED ? new HostConfig().withPrivileged(true)
                : new UnconfinedHostConfig()
                        .withCapAdd(Capability.ALL)
                        .withCapDrop(Capability.SYS_RESOURCE)
                        .withSecurityOpts(List.of("seccomp=unconfined", "apparmor=unconfined"));
        Ports bindings = new Ports();
        List<ExposedPort> exposed = new ArrayList<>();
        for (int p : ports) {
            ExposedPort ep = ExposedPort.tcp(p);
            exposed.add(ep);
            bindings.bind(ep, Ports.Binding.bindIp("127.0.0.1"));
        }
        List<Bind> binds = new ArrayList<>();
        binds.add(new Bind(volume, new Volume("/var/lib/docker")));
        if (security == NodeSecurity.CAPABILITY_RECIPE) {
            binds.add(Bind.parse("/sys/fs/cgroup:/sys/fs/cgroup:rw"));
        }
        hc.withNetworkMode(cmd.getHostConfig().getNetworkMode())
                .withPortBindings(bindings)
                .withBinds(binds);
        // Note: removing Testcontainers' session label here has no effect: GenericContainer adds it
        // again in ResourceReaper.register() after the modifiers ran (Testcontainers 2.0.5). So its
        // JVM-exit reaper (Ryuk disabled) or Ryuk removes the nodes when this JVM ends, which is why
        // `up` cannot keep a stack yet; a kept run needs nodes created without Testcontainers.
        Map<String, String> allLabels = new HashMap<>(cmd.getLabels() == null ? Map.of() : cmd.getLabels());
        allLabels.remove("org.testcontainers.sessionId");
        allLabels.putAll(labels);
        cmd.withName(containerName).withHostName(hostname).withExposedPorts(exposed)
                .withHostConfig(hc).withLabels(allLabels);
    }

    private void connect() {
        int port = hostPort(DOCKER_PORT);
        client = DockerClientProviderStrategy.getClientForConfig(
                TransportConfig.builder().dockerHost(URI.create("tcp://127.0.0.1:" + port)).build());
    }

    /** The 127.0.0.1 port of the host bound to {@code nodePort} of this node. */
    public int hostPort(int nodePort) {
        InspectContainerResponse info = host.inspectContainerCmd(containerId()).exec();
        Ports.Binding[] b = info.getNetworkSettings().getPorts().getBindings().get(ExposedPort.tcp(nodePort));
        if (b == null || b.length == 0) {
            throw new IllegalStateException("node " + name + " has no host port bound to " + nodePort);
        }
        return Integer.parseInt(b[0].getHostPortSpec());
    }

    /** Address on the run's private network (swarm advertise address). */
    public String privateAddress() {
        return host.inspectContainerCmd(containerId()).exec().getNetworkSettings().getNetworks()
                .get(networkName).getIpAddress();
    }

    public String name() {
        return name;
    }

    public String containerName() {
        return containerName;
    }

    public String containerId() {
        return container.getContainerId();
    }

    /** docker-java client of this node's inner dockerd. */
    public DockerClient client() {
        return client;
    }

    /** Runs a command in the node container itself (the docker CLI lives there). */
    public dev.menderharness.cluster.ExecResult exec(String... command) {
        long t0 = System.nanoTime();
        try {
            ExecResult r = container.execInContainer(command);
            return new dev.menderharness.cluster.ExecResult(r.getExitCode(), r.getStdout(), r.getStderr(),
                    Duration.ofNanos(System.nanoTime() - t0));
        } catch (Exception e) {
            throw new IllegalStateException("exec in node " + name + " failed: " + e.getMessage(), e);
        }
    }

    /** Kills the node container (a machine failing, not a clean shutdown). */
    void kill() {
        host.killContainerCmd(containerId()).exec();
    }

    /** Starts a killed node again; the host port of its dockerd changes, so reconnect. */
    void restart(Duration timeout) {
        host.startContainerCmd(containerId()).exec();
        connect();
        long deadline = System.nanoTime() + timeout.toNanos();
        while (true) {
            try {
                client.pingCmd().exec();
                return;
            } catch (RuntimeException e) {
                if (System.nanoTime() > deadline) throw new IllegalStateException("node " + name + " did not come back", e);
                sleep(200);
            }
        }
    }

    public static void sleep(long ms) {
        try {
            Thread.sleep(ms);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted", e);
        }
    }

    @Override
    public void close() {
        try {
            if (client != null) client.close();
        } catch (Exception ignored) {
            // the node goes away anyway
        }
        if (container.getContainerId() != null) {
            try {
                host.removeContainerCmd(container.getContainerId()).withForce(true).withRemoveVolumes(true).exec();
            } catch (com.github.dockerjava.api.exception.NotFoundException gone) {
                // already removed
            }
        }
        try {
            host.removeVolumeCmd(volume).exec();
        } catch (com.github.dockerjava.api.exception.NotFoundException gone) {
            // never created or already removed
        }
    }
}
