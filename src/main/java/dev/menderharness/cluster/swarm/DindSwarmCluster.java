package dev.menderharness.cluster.swarm;

import com.github.dockerjava.api.DockerClient;
import dev.menderharness.cluster.ClusterOptions;
import dev.menderharness.cluster.HostDocker;
import dev.menderharness.cluster.Reaper;
import dev.menderharness.cluster.RunLabels;
import dev.menderharness.images.ImagePolicy;
import dev.menderharness.support.Exceptions;
import dev.menderharness.support.Futures;
import dev.menderharness.support.Stopwatch;
import dev.menderharness.support.Waits;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * A throwaway Docker Swarm: one manager and N workers, each a Docker-in-Docker container on a
 * private network this run creates. The user's own engine never becomes a swarm member. What the
 * bring-up does beside starting the nodes is its {@link SwarmBringUpPlan}.
 */
public final class DindSwarmCluster extends SwarmCluster {

    /** Node ports the manager publishes to the host (gateway http/https, host-mode published). */
    public static final List<Integer> GATEWAY_NODE_PORTS = List.of(80, 443);

    private final DockerClient host;
    private final SwarmBringUpPlan plan;
    /** The node seed the nodes started from, or null (plain DinD image, every image loaded). */
    private final NodeSeed seed;
    private final List<DindNode> nodes;
    private final NodeSecurity security;
    private final NodeTls tls;
    private final AtomicBoolean closed = new AtomicBoolean();
    /** Whether the nodes' kernel has IPVS, checked once while the swarm forms. */
    private final CompletableFuture<Boolean> ipvs;

    private DindSwarmCluster(ClusterOptions options, RunLabels labels, ImagePolicy policy, DockerClient host,
                             SwarmBringUpPlan plan, NodeSeed seed, List<DindNode> nodes, NodeSecurity security, NodeTls tls,
                             CompletableFuture<Boolean> ipvs) {
        super(options, labels, policy);
        this.host = host;
        this.plan = plan;
        this.seed = seed;
        this.nodes = nodes;
        this.security = security;
        this.tls = tls;
        this.ipvs = ipvs;
    }

    /**
     * Starts the plan (reaper, seed lookup, network, volume, first stack's secrets and images), then
     * the nodes in parallel, forming the swarm as they come up; nodes start from the node seed of
     * this host's images unless {@code -Dswarm.node-seed=off}.
     */
    public static DindSwarmCluster start(ClusterOptions options) {
        DockerClient host = HostDocker.forRun(options);
        RunLabels labels = options.labels();
        Stopwatch watch = Stopwatch.start();
        ImagePolicy policy = ImagePolicy.of(options.settings());
        SwarmBringUpPlan plan = SwarmBringUpPlan.start(host, options, labels, policy);
        List<DindNode> nodes = new ArrayList<>();
        try {
            NodeTls tls = NodeTls.generate(options.runId());
            plan.done("engine TLS");
            plan.awaitNodePrerequisites();
            NodeSeed seed = Futures.join(plan.seed);
            RunNetwork network = Futures.join(plan.network);
            String nodeImage = seed == null ? plan.dindImage : seed.image();
            NodeSecurity security = NodeSecurity.withFallback(options.reporter(), seed == null ? NodeSecurity.PRIVILEGED : seed.security(), sec -> {
                nodes.addAll(startNodes(host, nodeImage, options, network, plan, labels, sec, tls));
                return sec;
            });
            double nodesUp = watch.seconds();
            Futures.join(plan.reaped); // a failed reap fails the start, as before the nodes overlapped it
            // Every deploy asks; asked now, the exec into the manager overlaps the wait for ready nodes.
            CompletableFuture<Boolean> ipvs = CompletableFuture.supplyAsync(() -> ipvsOn(nodes.get(0)));
            SwarmNodes.awaitReady(nodes.get(0).client(), nodes.size(), Duration.ofSeconds(60));
            DindSwarmCluster cluster = new DindSwarmCluster(options, labels, policy, host, plan, seed, nodes, security, tls, ipvs);
            cluster.phaseSeconds().put("nodes", watch.seconds());
            options.reporter().progress(String.format("swarm of %d nodes ready (nodes started and joined %.1fs [container"
                            + " running/dockerd answering/in swarm: %s], all ready %.1fs later), run %s", nodes.size(), nodesUp,
                    String.join(", ", nodes.stream().map(DindNode::startTimes).toList()), watch.seconds() - nodesUp,
                    options.runId()));
            return cluster;
        } catch (RuntimeException e) {
            nodes.forEach(DindNode::close);
            plan.settle();
            plan.images.close();
            new Reaper(host, options.reporter(), options.settings().stateDir()).removeRun(options.runId()); // the network and volume, if they were made
            throw e;
        }
    }

    private static final class NodeStartException extends RuntimeException {
        NodeStartException(String node, Throwable cause) {
            super("DinD node " + node + " did not start: " + Exceptions.rootLine(cause), cause);
        }
    }

    /**
     * Starts the nodes in parallel and forms the swarm as they come up: the manager initialises it
     * when its engine answers, each worker joins when its own does (then preloads images).
     */
    private static List<DindNode> startNodes(DockerClient host, String image, ClusterOptions options, RunNetwork network,
                                             SwarmBringUpPlan plan, RunLabels labels, NodeSecurity security, NodeTls tls) {
        List<String> names = new ArrayList<>();
        names.add("manager");
        for (int i = 1; i <= options.workers(); i++) names.add("worker-" + i);
        SwarmFormation formation = new SwarmFormation();
        List<CompletableFuture<DindNode>> starts = new ArrayList<>();
        for (String name : names) {
            boolean manager = name.equals("manager");
            List<Integer> published = manager ? GATEWAY_NODE_PORTS : List.of();
            starts.add(CompletableFuture.supplyAsync(() -> {
                DindNode node;
                try {
                    node = DindNode.start(host, image, options.runId(), name, network, plan.volumeName, labels.asMap(), security,
                            published, options.keep(), tls);
                } catch (RuntimeException e) {
                    if (manager) formation.managerFailed(e);
                    throw new NodeStartException(name, e);
                }
                try {
                    plan.images.preload(name, node.client()); // loading overlaps the other nodes' start and the joins
                    if (manager) formation.initialise(node);
                    else formation.join(node);
                    node.joinedSwarm();
                    return node;
                } catch (RuntimeException e) {
                    node.close();
                    throw new NodeStartException(name, e);
                }
            }));
        }
        List<DindNode> started = new ArrayList<>();
        RuntimeException failure = null;
        for (CompletableFuture<DindNode> f : starts) {
            try {
                started.add(f.join());
            } catch (java.util.concurrent.CompletionException e) {
                if (failure == null) failure = e.getCause() instanceof RuntimeException r ? r : new IllegalStateException(e.getCause());
            }
        }
        if (failure != null) {
            started.forEach(DindNode::close);
            throw failure;
        }
        return started;
    }

    static boolean ipvsOn(SwarmMember node) {
        return node.exec("test", "-e", "/proc/net/ip_vs").ok();
    }

    @Override
    public List<DindNode> swarmNodes() {
        return List.copyOf(nodes);
    }

    @Override
    public DindNode manager() {
        return nodes.get(0);
    }

    /** The node seed the nodes started from, if any. */
    public java.util.Optional<NodeSeed> seed() {
        return java.util.Optional.ofNullable(seed);
    }

    /** Where the nodes' data roots are kept (memory or disk). */
    RunVolume storage() {
        return plan.volume;
    }

    public NodeSecurity security() {
        return security;
    }

    /** Loaded from the host engine, never pulled; tars saved during the bring-up are used. */
    @Override
    public void loadImages(Set<String> images) {
        Map<String, DockerClient> clients = new LinkedHashMap<>();
        nodes.forEach(n -> clients.put(n.name(), n.client()));
        plan.images.distribute(images, clients);
    }

    @Override
    public boolean hasIpvs() {
        return Futures.join(ipvs);
    }

    @Override
    Map<String, byte[]> deploySecretMaterial() {
        return plan.takeSecrets();
    }

    /**
     * DOCKER_HOST of the manager's engine and the client certificate its TLS port asks for, written
     * to {@code credentialsDir} ({@code DOCKER_CERT_PATH} layout, key readable by the owner only).
     */
    @Override
    public Map<String, String> handAccess(Path credentialsDir) {
        tls.writeClientFiles(credentialsDir);
        Map<String, String> env = new LinkedHashMap<>();
        env.put("DOCKER_HOST", manager().dockerHost());
        env.put("DOCKER_TLS_VERIFY", "1");
        env.put("DOCKER_CERT_PATH", credentialsDir.toString());
        return env;
    }

    /** A marker volume labelled kept: the reaper keeps a whole run when one of its resources is kept. */
    @Override
    public void markKept() {
        Map<String, String> labels = new LinkedHashMap<>(labels().asMap());
        labels.put(RunLabels.KEEP, "true");
        host.createVolumeCmd().withName("mh-" + runId() + "-kept").withLabels(labels).exec();
    }

    @Override
    public void stopNode(String node) {
        DindNode n = node(node);
        if (n == manager()) throw new IllegalArgumentException("stopping the only manager would end the swarm; stop a worker");
        n.kill();
        SwarmNodes.awaitState(manager().client(), node, "down", Duration.ofSeconds(60));
    }

    @Override
    public void startNode(String node) {
        node(node).restart(Duration.ofSeconds(60));
        SwarmNodes.awaitState(manager().client(), node, "ready", Duration.ofSeconds(60));
    }

    private DindNode node(String name) {
        return nodes.stream().filter(n -> n.name().equals(name)).findFirst()
                .orElseThrow(() -> new IllegalArgumentException("no node '" + name + "'; nodes: " + nodes()));
    }

    @Override
    public void close() {
        if (!closed.compareAndSet(false, true)) return;
        closeStacks();
        plan.images.close();
        // Nodes, network, volume and anything else labelled with the run, by the reaper's removal,
        // again until nothing is left: at JVM exit, Testcontainers' own hook removes the nodes at the
        // same time, and a network still has endpoints until their containers are gone.
        Reaper reaper = new Reaper(host, reporter(), settings().stateDir());
        for (DindNode node : nodes) {
            try {
                node.close();
            } catch (RuntimeException e) {
                // e.g. "removal already in progress" (Testcontainers' hook): the reaper's removal below covers it
            }
        }
        boolean gone = Waits.atMost(Duration.ofSeconds(30)).every(Duration.ofSeconds(1)).within(() -> {
            try {
                reaper.removeRun(runId());
            } catch (RuntimeException stillInUse) {
                return false;
            }
            return reaper.list(runId()).isEmpty();
        });
        reporter().progress(gone ? "removed swarm of run " + runId()
                : "could not remove everything of run " + runId() + ": " + reaper.list(runId()));
    }
}
