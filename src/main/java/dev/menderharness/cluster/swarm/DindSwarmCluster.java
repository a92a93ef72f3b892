package dev.menderharness.cluster.swarm;

import com.github.dockerjava.api.DockerClient;
import dev.menderharness.support.Futures;
import dev.menderharness.cluster.Cluster;
import dev.menderharness.cluster.ClusterKind;
import dev.menderharness.cluster.ClusterOptions;
import dev.menderharness.cluster.Reaper;
import dev.menderharness.cluster.RunLabels;
import dev.menderharness.cluster.RunningStack;
import dev.menderharness.images.HarnessImages;
import dev.menderharness.images.ImageDistributor;
import dev.menderharness.images.ImagePolicy;
import dev.menderharness.report.Report;
import dev.menderharness.stack.DeploySecrets;
import dev.menderharness.stack.SwarmStackDeployer;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.stream.Collectors;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * A throwaway Docker Swarm: one manager and N workers, each a Docker-in-Docker container on a
 * private network this run creates. The user's own engine never becomes a swarm member.
 */
public final class DindSwarmCluster implements Cluster, SwarmCluster {

    /** Node ports the manager publishes to the host (gateway http/https, host-mode published). */
    public static final List<Integer> GATEWAY_NODE_PORTS = List.of(80, 443);

    private final String runId;
    private final DockerClient host;
    private final RunLabels labels;
    private final RunNetwork network;
    /** The volume holding every node's data root (node-entry.sh), and where it keeps them. */
    private final String volume;
    private final RunVolume storage;
    /** The node seed the nodes started from, or null (plain DinD image, every image loaded). */
    private final NodeSeed seed;
    private final List<DindNode> nodes;
    private final NodeSecurity security;
    private final NodeTls tls;
    private final ImagePolicy policy;
    private final Map<String, Double> phaseSeconds;
    private final AtomicBoolean closed = new AtomicBoolean();
    private final List<RunningStack> stacks = new ArrayList<>();
    /** Whether the nodes' kernel has IPVS, checked once while the swarm forms. */
    private final CompletableFuture<Boolean> ipvs;

    private DindSwarmCluster(String runId, DockerClient host, RunLabels labels, RunNetwork network, String volume,
                             RunVolume storage, NodeSeed seed, List<DindNode> nodes, NodeSecurity security, NodeTls tls,
                             ImagePolicy policy, Map<String, Double> phaseSeconds, CompletableFuture<Boolean> ipvs) {
        this.runId = runId;
        this.host = host;
        this.labels = labels;
        this.network = network;
        this.volume = volume;
        this.storage = storage;
        this.seed = seed;
        this.nodes = nodes;
        this.security = security;
        this.tls = tls;
        this.policy = policy;
        this.phaseSeconds = phaseSeconds;
        this.ipvs = ipvs;
    }

    /**
     * Reaps dead runs, then starts the nodes in parallel and forms the swarm; nodes start from the
     * node seed of this host's images unless {@code -Dswarm.node-seed=off}.
     */
    public static DindSwarmCluster start(ClusterOptions options) {
        return start(options, !"off".equals(System.getProperty("swarm.node-seed")));
    }

    /** As {@link #start(ClusterOptions)}; {@code useSeed} false: plain DinD nodes, every image loaded. */
    public static DindSwarmCluster start(ClusterOptions options, boolean useSeed) {
        DockerClient host = HostDocker.client();
        RunLabels labels = options.labels();
        String runId = options.runId();
        long t0 = System.nanoTime();
        DeploySecrets.prepareInBackground(); // CPU-heavy key generation overlaps the node start
        ImagePolicy policy = ImagePolicy.fromSystemProperties();
        String image = policy.resolve(HarnessImages.DIND);
        RunVolume storage = RunVolume.fromSystemProperties();
        String volume = "mh-" + runId + "-docker";
        // Independent preparation, one or two engine requests each, in parallel. The nodes need the
        // network, the volume and the image; the reaper's clean-up of dead runs goes on beside their start.
        Map<String, Double> prepSeconds = new java.util.concurrent.ConcurrentSkipListMap<>();
        CompletableFuture<Set<String>> reaped = timed(prepSeconds, "reaper", t0, () -> new Reaper(host).reap(runId));
        CompletableFuture<NodeSeed> seedLookup = timed(prepSeconds, "seed lookup", t0, () -> {
            HostDocker.requireImage(host, image, HarnessImages.DIND);
            return useSeed ? seedFor(host, image) : null;
        });
        CompletableFuture<RunNetwork> networkMade = timed(prepSeconds, "network", t0,
                () -> RunNetwork.create(host, "mh-" + runId, labels.asMap()));
        CompletableFuture<Boolean> volumeMade = timed(prepSeconds, "volume", t0, () -> {
            storage.create(host, volume, labels.asMap());
            return true;
        });
        List<DindNode> nodes = new ArrayList<>();
        try {
            NodeTls tls = NodeTls.generate(runId);
            prepSeconds.put("engine TLS", (System.nanoTime() - t0) / 1e9);
            CompletableFuture.allOf(seedLookup, networkMade, volumeMade).exceptionally(e -> null).join();
            RunNetwork network = Futures.join(networkMade);
            Futures.join(volumeMade);
            NodeSeed seed = Futures.join(seedLookup);
            Report.progress(String.format("nodes: starting after %.1fs of preparation (done after: %s)",
                    (System.nanoTime() - t0) / 1e9, prepSeconds.entrySet().stream()
                            .map(e -> String.format("%s %.1fs", e.getKey(), e.getValue())).collect(Collectors.joining(", "))));
            String nodeImage = seed == null ? image : seed.image();
            NodeSecurity security = NodeSecurity.withFallback(seed == null ? NodeSecurity.PRIVILEGED : seed.security(), sec -> {
                nodes.addAll(startNodes(host, nodeImage, options, network, volume, labels, sec, tls));
                return sec;
            });
            double nodesUp = (System.nanoTime() - t0) / 1e9;
            Futures.join(reaped); // a failed reap fails the start, as before the nodes overlapped it
            // Every deploy asks; asked now, the exec into the manager overlaps the wait for ready nodes.
            CompletableFuture<Boolean> ipvs = CompletableFuture.supplyAsync(() -> SwarmCluster.ipvsOn(nodes.get(0)));
            SwarmNodes.awaitReady(nodes.get(0).client(), nodes.size(), Duration.ofSeconds(60));
            Map<String, Double> phases = new LinkedHashMap<>();
            phases.put("nodes", (System.nanoTime() - t0) / 1e9);
            Report.progress(String.format("swarm of %d nodes ready (nodes started and joined %.1fs [container running/dockerd"
                            + " answering/in swarm: %s], all ready %.1fs later), run %s", nodes.size(), nodesUp,
                    String.join(", ", nodes.stream().map(DindNode::startTimes).toList()), phases.get("nodes") - nodesUp, runId));
            return new DindSwarmCluster(runId, host, labels, network, volume, storage, seed, nodes, security, tls, policy,
                    phases, ipvs);
        } catch (RuntimeException e) {
            nodes.forEach(DindNode::close);
            CompletableFuture.allOf(reaped, seedLookup, networkMade, volumeMade).exceptionally(x -> null).join();
            new Reaper(host).removeRun(runId); // the network and volume, if they were made
            throw e;
        }
    }

    /**
     * {@code work} on a thread of its own (it blocks on the engine, and the reaper may outlast the
     * preparation: in the common pool it could hold up a node start); records when it finished, in
     * seconds after {@code t0}, under {@code name}.
     */
    private static <T> CompletableFuture<T> timed(Map<String, Double> done, String name, long t0, java.util.function.Supplier<T> work) {
        return CompletableFuture.supplyAsync(() -> {
            T result = work.get();
            done.put(name, (System.nanoTime() - t0) / 1e9);
            return result;
        }, task -> {
            Thread t = new Thread(task, "mh-prep-" + name.replace(' ', '-'));
            t.setDaemon(true);
            t.start();
        });
    }

    /** The node seed for {@code dindImage} and this host's images, or null; says which. */
    private static NodeSeed seedFor(DockerClient host, String dindImage) {
        return NodeSeed.find(host, dindImage).map(seed -> {
            Report.progress("nodes start from node seed " + seed.image() + " (" + seed.images().size()
                    + " images in every node's store before it starts; any other image is loaded as usual)");
            return seed;
        }).orElseGet(() -> {
            Report.progress("no node seed for " + dindImage + " and the images on this host: every node loads the stack's"
                    + " images (`java -jar target/mender-cluster-harness.jar images seed --policy P` builds one)");
            return null;
        });
    }

    private static final class NodeStartException extends RuntimeException {
        NodeStartException(String node, Throwable cause) {
            super("DinD node " + node + " did not start: " + firstLine(cause), cause);
        }
    }

    /**
     * Starts the nodes in parallel and forms the swarm as they come up: the manager initialises it
     * when its engine answers, each worker joins when its own does (then preloads images).
     */
    private static List<DindNode> startNodes(DockerClient host, String image, ClusterOptions options, RunNetwork network,
                                             String volume, RunLabels labels, NodeSecurity security, NodeTls tls) {
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
                    node = DindNode.start(host, image, options.runId(), name, network, volume, labels.asMap(), security,
                            published, options.keep(), tls);
                } catch (RuntimeException e) {
                    if (manager) formation.managerFailed(e);
                    throw new NodeStartException(name, e);
                }
                try {
                    ImageDistributor.preload(name, node.client()); // loading overlaps the other nodes' start and the joins
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

    static String firstLine(Throwable t) {
        String m = String.valueOf(t.getMessage());
        for (Throwable c = t; c != null; c = c.getCause()) {
            if (c.getMessage() != null) m = c.getMessage();
        }
        int nl = m.indexOf('\n');
        return nl < 0 ? m : m.substring(0, nl);
    }

    @Override
    public String runId() {
        return runId;
    }

    @Override
    public ClusterKind kind() {
        return ClusterKind.SWARM;
    }

    @Override
    public List<String> nodes() {
        return nodes.stream().map(DindNode::name).toList();
    }

    @Override
    public List<DindNode> swarmNodes() {
        return List.copyOf(nodes);
    }

    @Override
    public DindNode manager() {
        return nodes.get(0);
    }

    @Override
    public ImagePolicy imagePolicy() {
        return policy;
    }

    @Override
    public RunLabels labels() {
        return labels;
    }

    /** The node seed the nodes started from, if any. */
    public java.util.Optional<NodeSeed> seed() {
        return java.util.Optional.ofNullable(seed);
    }

    /** Where the nodes' data roots are kept (memory or disk). */
    RunVolume storage() {
        return storage;
    }

    /**
     * Writes the certificate a docker CLI needs for the nodes' engines ({@code DOCKER_CERT_PATH}
     * layout, key readable by the owner only), for a person poking at a kept run.
     */
    public void writeEngineClientFiles(Path dir) {
        tls.writeClientFiles(dir);
    }

    public NodeSecurity security() {
        return security;
    }

    /** Seconds per bring-up phase so far ({@code nodes}, then what deploy adds). */
    @Override
    public Map<String, Double> phaseSeconds() {
        return phaseSeconds;
    }

    @Override
    public boolean hasIpvs() {
        return Futures.join(ipvs);
    }

    @Override
    public synchronized RunningStack deploy(Path manifestsDir, String stackName) {
        RunningStack stack = new SwarmStackDeployer(this).deploy(manifestsDir, stackName);
        stacks.add(stack);
        return stack;
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
        for (RunningStack s : List.copyOf(stacks)) {
            try {
                s.close();
            } catch (RuntimeException ignored) {
                // the nodes go away anyway
            }
        }
        nodes.forEach(DindNode::close);
        network.close();
        try {
            host.removeVolumeCmd(volume).exec();
        } catch (com.github.dockerjava.api.exception.NotFoundException gone) {
            // already removed
        }
        new Reaper(host).removeRun(runId); // anything else labelled with this run
        Report.progress("removed swarm of run " + runId);
    }
}
