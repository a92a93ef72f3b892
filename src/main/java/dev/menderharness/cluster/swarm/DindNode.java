package dev.menderharness.cluster.swarm;

import com.github.dockerjava.api.DockerClient;
import com.github.dockerjava.api.command.CreateContainerCmd;
import com.github.dockerjava.api.command.InspectContainerResponse;
import com.github.dockerjava.api.model.Bind;
import com.github.dockerjava.api.model.Capability;
import com.github.dockerjava.api.model.ExposedPort;
import com.github.dockerjava.api.model.HostConfig;
import com.github.dockerjava.api.model.Ports;
import com.github.dockerjava.api.model.Volume;
import dev.menderharness.support.Exceptions;
import dev.menderharness.support.Stopwatch;
import dev.menderharness.support.Waits;
import java.net.URI;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;
import org.testcontainers.containers.GenericContainer;
import org.testcontainers.dockerclient.DockerClientProviderStrategy;
import org.testcontainers.dockerclient.TransportConfig;
import org.testcontainers.images.ImagePullPolicy;
import org.testcontainers.utility.DockerImageName;

/**
 * One swarm node: a Docker-in-Docker container on the run's private network. Its inner dockerd
 * listens on the private network (swarm traffic) and, for the harness, on a port the host engine
 * binds to 127.0.0.1 only, with TLS and client verification ({@link NodeTls});
 * {@link #client()} is a docker-java client talking to it there.
 */
public final class DindNode implements SwarmMember, AutoCloseable {

    static final int DOCKER_PORT = NodeTls.PORT;
    static final Duration START_TIMEOUT = Duration.ofSeconds(90);
    /** Bound for commands run in the node (stack deploy, service logs...); callers bound shorter ones themselves. */
    static final Duration EXEC_TIMEOUT = Duration.ofMinutes(5);

    private final String name;
    private final String containerName;
    private final DockerClient host;
    private final String networkName;
    private final NodeTls tls;
    private volatile String containerId;
    private volatile DockerClient client;
    /** Seconds from start() to the container running, and to its dockerd answering (diagnostics). */
    private volatile double containerSeconds;
    private volatile double daemonSeconds;
    private volatile double swarmSeconds;
    private volatile Stopwatch started;

    private DindNode(String name, String containerName, DockerClient host, String networkName, NodeTls tls) {
        this.name = name;
        this.containerName = containerName;
        this.host = host;
        this.networkName = networkName;
        this.tls = tls;
    }

    /**
     * Creates and starts a node. {@code publishedPorts} are node ports (e.g. the gateway's 80/443
     * published in host mode on the manager) bound to random 127.0.0.1 ports of the host.
     * {@code kept} chooses the lifecycle: throwaway nodes are Testcontainers containers (removed at
     * JVM exit at the latest); kept nodes ({@code up}) are created with docker-java alone, so
     * nothing of Testcontainers knows them and they outlive this JVM until {@code down}.
     * {@code sharedVolume} is the run's volume holding every node's data root (see node-entry.sh);
     * its owner, not the node, removes it. {@code image} is a DinD image or a {@link NodeSeed}.
     * {@code tls}: the run's engine TLS, whose server files reach the node before it starts.
     */
    static DindNode start(DockerClient host, String image, String runId, String name, RunNetwork network, String sharedVolume,
                          Map<String, String> labels, NodeSecurity security, List<Integer> publishedPorts, boolean kept,
                          NodeTls tls) {
        String containerName = "mh-" + runId + "-" + name;
        List<Integer> ports = new ArrayList<>(publishedPorts);
        ports.add(0, DOCKER_PORT);
        Consumer<CreateContainerCmd> spec = cmd -> configure(cmd, containerName, name, network.name(), sharedVolume, security, ports, labels);
        DindNode node = new DindNode(name, containerName, host, network.name(), tls);
        byte[] tlsFiles = TarTree.ofFiles(tls.nodeFiles(), 0600);
        Consumer<String> beforeStart = id -> host.copyArchiveToContainerCmd(id)
                .withTarInputStream(new java.io.ByteArrayInputStream(tlsFiles)).withRemotePath("/").exec();
        Stopwatch watch = Stopwatch.start();
        node.started = watch;
        try {
            node.containerId = kept ? createKept(host, image, spec, beforeStart) : createThrowaway(image, network, spec, beforeStart);
            node.containerSeconds = watch.seconds();
            node.connect();
            node.awaitDaemon(START_TIMEOUT);
            node.daemonSeconds = watch.seconds();
        } catch (RuntimeException e) {
            node.close();
            throw e;
        }
        return node;
    }

    /** Throwaway lifecycle: a Testcontainers container (the design for test runs). */
    private static String createThrowaway(String image, RunNetwork network, Consumer<CreateContainerCmd> spec,
                                          Consumer<String> beforeStart) {
        NodeContainer c = new NodeContainer(image, beforeStart)
                .withImagePullPolicy(neverPull())
                .withNetwork(network)
                .withStartupAttempts(1)
                .waitingFor(new NoWait()) // readiness: awaitDaemon, the same for both lifecycles
                .withCreateContainerCmdModifier(spec);
        c.start();
        return c.getContainerId();
    }

    /** Kept lifecycle: plain docker-java create + start; no Testcontainers label, reaper or hook. */
    private static String createKept(DockerClient host, String image, Consumer<CreateContainerCmd> spec,
                                     Consumer<String> beforeStart) {
        CreateContainerCmd cmd = host.createContainerCmd(image);
        spec.accept(cmd);
        String id = cmd.exec().getId();
        try {
            beforeStart.accept(id);
            host.startContainerCmd(id).exec();
        } catch (RuntimeException e) {
            host.removeContainerCmd(id).withForce(true).withRemoveVolumes(true).exec();
            throw e;
        }
        return id;
    }

    /** A Testcontainers node container that gets its files (TLS) between create and start. */
    private static final class NodeContainer extends GenericContainer<NodeContainer> {
        private final Consumer<String> beforeStart;

        NodeContainer(String image, Consumer<String> beforeStart) {
            super(DockerImageName.parse(image));
            this.beforeStart = beforeStart;
        }

        @Override
        protected void containerIsCreated(String containerId) {
            beforeStart.accept(containerId);
        }
    }

    private static final class NoWait extends org.testcontainers.containers.wait.strategy.AbstractWaitStrategy {
        @Override
        protected void waitUntilReady() {
            // DindNode.awaitDaemon pings the inner dockerd instead
        }
    }

    private static ImagePullPolicy neverPull() {
        // Node images are local (fixture) or pulled by the image policy's tooling, never here.
        return imageName -> false;
    }

    /** Everything a node container is, for both lifecycles (Testcontainers' own settings are replaced). */
    static void configure(CreateContainerCmd cmd, String containerName, String hostname, String networkName, String volume,
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
        hc.withNetworkMode(networkName)
                .withPortBindings(bindings)
                .withBinds(binds);
        // Testcontainers adds its session label after this modifier (ResourceReaper.register), so a
        // throwaway node is Testcontainers' to remove at JVM exit; kept nodes never pass through it.
        Map<String, String> allLabels = new HashMap<>(cmd.getLabels() == null ? Map.of() : cmd.getLabels());
        allLabels.putAll(labels);
        // DOCKER_TLS_CERTDIR empty: upstream docker:dind makes no certificates of its own; NodeTls brings them.
        List<String> env = new ArrayList<>(List.of("DOCKER_TLS_CERTDIR=", "MH_NODE=" + hostname));
        if (security == NodeSecurity.CAPABILITY_RECIPE) {
            // /proc/sys is read-only without --privileged; dockerd >= 26 fails every overlay network
            // (swarm tasks "rejected") when it cannot disable IPv6 on the bridge, unless told to go on.
            env.add("DOCKER_ALLOW_IPV6_ON_IPV4_INTERFACE=1");
        }
        cmd.withName(containerName).withHostName(hostname).withExposedPorts(exposed)
                .withEnv(env)
                .withEntrypoint("sh", "-c", NodeEntry.SCRIPT, "node-entry")
                .withCmd(NodeTls.dockerdArgs())
                .withAliases(hostname)
                .withHostConfig(hc).withLabels(allLabels);
    }

    /** Waits until the inner dockerd answers on its host port (both lifecycles). */
    private void awaitDaemon(Duration timeout) {
        Waits.atMost(timeout).every(Duration.ofMillis(200)).until(() -> {
            try {
                client.pingCmd().exec();
                return null;
            } catch (RuntimeException e) {
                var state = host.inspectContainerCmd(containerId).exec().getState();
                if (!Boolean.TRUE.equals(state.getRunning())) {
                    throw new IllegalStateException("node " + name + " exited (code " + state.getExitCodeLong() + "): "
                            + lastLogLine());
                }
                return Exceptions.firstLine(e);
            }
        }, last -> new IllegalStateException("dockerd in node " + name + " did not answer within " + timeout + ": " + last));
    }

    private String lastLogLine() {
        StringBuilder out = new StringBuilder();
        try {
            host.logContainerCmd(containerId).withStdOut(true).withStdErr(true).withTail(3)
                    .exec(new com.github.dockerjava.api.async.ResultCallback.Adapter<com.github.dockerjava.api.model.Frame>() {
                        @Override
                        public void onNext(com.github.dockerjava.api.model.Frame f) {
                            out.append(new String(f.getPayload(), java.nio.charset.StandardCharsets.UTF_8));
                        }
                    }).awaitCompletion(5, java.util.concurrent.TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        return out.toString().strip().replace('\n', ' ');
    }

    private void connect() {
        int port = hostPort(DOCKER_PORT);
        client = DockerClientProviderStrategy.getClientForConfig(
                TransportConfig.builder().dockerHost(URI.create("tcp://127.0.0.1:" + port)).sslConfig(tls.clientSsl()).build());
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

    @Override
    public java.net.URI published(String scheme, int nodePort) {
        return java.net.URI.create(scheme + "://localhost:" + hostPort(nodePort));
    }

    /** Base64 up to this length goes in one exec argument (Linux takes at most 128 KiB per argument). */
    static final int INLINE_COPY_LIMIT = 96 * 1024;
    /** sh script: unpacks {@link TarTree#gzipBase64} output ($1) at directory $2. */
    static final String UNPACK = "printf %s \"$1\" | base64 -d | tar -xzf - -C \"$2\"";

    /**
     * A small directory (a stack's files) goes in as one exec that unpacks it, a larger one as a
     * copy request. The exec costs the host engine less: Debian's dockerd 20.10 re-executes itself
     * (docker-untar) for every copy request, measurable while the cluster is still starting
     * (0.52-0.56 s against 0.35-0.38 s for our manifests with three busy loops on 2 cores).
     */
    @Override
    public String copyIn(java.nio.file.Path localDir, String remoteDir) {
        byte[] tar = TarTree.of(localDir, remoteDir);
        String packed = TarTree.gzipBase64(tar);
        if (packed.length() > INLINE_COPY_LIMIT) {
            host.copyArchiveToContainerCmd(containerId).withTarInputStream(new java.io.ByteArrayInputStream(tar))
                    .withRemotePath("/").exec();
            return remoteDir;
        }
        var r = exec("sh", "-c", UNPACK, "copy-in", packed, "/");
        if (!r.ok()) {
            throw new IllegalStateException("copying " + localDir + " into node " + name + " failed: " + r.stderr().strip());
        }
        return remoteDir;
    }

    /** Address on the run's private network (swarm advertise address). */
    public String privateAddress() {
        return host.inspectContainerCmd(containerId()).exec().getNetworkSettings().getNetworks()
                .get(networkName).getIpAddress();
    }

    @Override
    public String name() {
        return name;
    }

    /** Notes that the node is now a swarm member (diagnostics: {@link #startTimes}). */
    void joinedSwarm() {
        swarmSeconds = started.seconds();
    }

    /** "worker-1 1.9/4.4/4.9s": seconds until its container ran / its dockerd answered / it was in the swarm. */
    String startTimes() {
        return String.format("%s %.1f/%.1f/%.1fs", name, containerSeconds, daemonSeconds, swarmSeconds);
    }

    /** DOCKER_HOST of this node's inner dockerd at its loopback host port (TLS: see {@link NodeTls#writeClientFiles}). */
    @Override
    public String dockerHost() {
        return "tcp://127.0.0.1:" + hostPort(DOCKER_PORT);
    }

    public String containerName() {
        return containerName;
    }

    public String containerId() {
        return containerId;
    }

    /** docker-java client of this node's inner dockerd. */
    @Override
    public DockerClient client() {
        return client;
    }

    /** Runs a command in the node container itself (the docker CLI lives there). */
    @Override
    public dev.menderharness.cluster.ExecResult exec(String... command) {
        try {
            return NodeExec.run(host, containerId, EXEC_TIMEOUT, command);
        } catch (RuntimeException e) {
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
        Waits.atMost(timeout).every(Duration.ofMillis(200)).until(() -> {
            try {
                client.pingCmd().exec();
                return null;
            } catch (RuntimeException e) {
                return Exceptions.firstLine(e);
            }
        }, last -> new IllegalStateException("node " + name + " did not come back: " + last));
    }

    @Override
    public void close() {
        try {
            if (client != null) client.close();
        } catch (Exception ignored) {
            // the node goes away anyway
        }
        if (containerId != null) {
            try {
                host.removeContainerCmd(containerId).withForce(true).withRemoveVolumes(true).exec();
            } catch (com.github.dockerjava.api.exception.NotFoundException gone) {
                // already removed
            }
        }
    }

    /** Stops the node cleanly (its dockerd flushes its data root), leaving the container to close(). */
    void stop(Duration timeout) {
        host.stopContainerCmd(containerId()).withTimeout((int) timeout.toSeconds()).exec();
    }
}
