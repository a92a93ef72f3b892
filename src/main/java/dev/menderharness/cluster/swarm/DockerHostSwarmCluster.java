package dev.menderharness.cluster.swarm;

import com.github.dockerjava.api.DockerClient;
import com.github.dockerjava.api.exception.NotFoundException;
import com.github.dockerjava.api.model.Info;
import com.github.dockerjava.api.model.SwarmNode;
import dev.menderharness.cluster.ClusterOptions;
import dev.menderharness.cluster.ClusterPreconditionException;
import dev.menderharness.cluster.ExecResult;
import dev.menderharness.cluster.HostDocker;
import dev.menderharness.cluster.RunDirectory;
import dev.menderharness.cluster.RunLabels;
import dev.menderharness.images.HarnessImages;
import dev.menderharness.images.ImageDistributor;
import dev.menderharness.images.ImagePolicy;
import dev.menderharness.support.Exceptions;
import java.net.URI;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;

/**
 * A user's existing swarm, reached through DOCKER_HOST (a manager's engine). Each stack is deployed
 * under a fresh name ({@code <stack>-<runId>}) with run labels, and closing removes exactly what the
 * run created: the stacks, their external secrets, networks and, on every reachable node, their
 * volumes. The harness never initialises, joins, stops or reconfigures the user's nodes; checks that
 * would (node loss) are aborted with a one-line reason. Fixture images are loaded from this host's
 * engine into the nodes when their engines are reachable, else must already be on them.
 */
public final class DockerHostSwarmCluster extends SwarmCluster {

    private final List<DockerHostNode> nodes;
    private final List<String> stackNames = new java.util.concurrent.CopyOnWriteArrayList<>();
    private final java.util.concurrent.atomic.AtomicBoolean closed = new java.util.concurrent.atomic.AtomicBoolean();
    private final Map<Integer, Integer> gatewayPorts;
    /** Loads images from the engine they were built on ({@code -Ddocker-host.images-from}) into reachable nodes. */
    private final ImageDistributor distributor;

    private DockerHostSwarmCluster(ClusterOptions options, RunLabels labels, ImagePolicy policy, List<DockerHostNode> nodes,
                                   Map<Integer, Integer> gatewayPorts) {
        super(options, labels, policy);
        this.gatewayPorts = gatewayPorts;
        this.nodes = nodes;
        this.distributor = new ImageDistributor(HostDocker.at(options.settings().dockerHostImagesFrom()), options.reporter(),
                RunDirectory.create(options.settings().stateDir(), options.runId()));
    }

    /** Connects to DOCKER_HOST's engine, checks it is a swarm manager and finds the nodes' engines. */
    public static DockerHostSwarmCluster connect(ClusterOptions options, ImagePolicy policy, String dockerHostEnv) {
        if (dockerHostEnv == null || dockerHostEnv.isBlank()) {
            throw new ClusterPreconditionException("cluster docker-host needs DOCKER_HOST naming a swarm manager's engine"
                    + " (e.g. DOCKER_HOST=tcp://10.0.0.5:2375); it is not set");
        }
        URI uri = URI.create(dockerHostEnv.strip());
        DockerClient manager = HostDocker.at(uri);
        Info info;
        try {
            info = manager.infoCmd().exec();
        } catch (RuntimeException e) {
            throw new ClusterPreconditionException("cluster docker-host: DOCKER_HOST=" + uri + " does not answer: "
                    + Exceptions.rootLine(e));
        }
        var swarm = info.getSwarm();
        if (swarm == null || swarm.getControlAvailable() == null || !swarm.getControlAvailable()) {
            throw new ClusterPreconditionException("cluster docker-host: the engine at DOCKER_HOST=" + uri
                    + " is not a swarm manager (swarm state " + (swarm == null ? "unknown" : swarm.getLocalNodeState())
                    + "); point DOCKER_HOST at a manager (the harness never runs swarm init)");
        }
        String selfId = swarm.getNodeID();
        Map<Integer, Integer> gatewayPorts = freePorts(manager, DindSwarmCluster.GATEWAY_NODE_PORTS);
        List<DockerHostNode> nodes = new ArrayList<>();
        List<SwarmNode> listed = new ArrayList<>(manager.listSwarmNodesCmd().exec());
        listed.sort((a, b) -> a.getId().equals(selfId) ? -1 : b.getId().equals(selfId) ? 1
                : SwarmNodes.hostname(a).compareTo(SwarmNodes.hostname(b)));
        for (SwarmNode n : listed) {
            if (n.getId().equals(selfId)) {
                nodes.add(new DockerHostNode(SwarmNodes.hostname(n), uri, manager, gatewayPorts));
                continue;
            }
            String addr = n.getStatus() == null ? null : n.getStatus().getAddress();
            URI nodeUri = URI.create("tcp://" + addr + ":" + (uri.getPort() < 0 ? 2375 : uri.getPort()));
            nodes.add(new DockerHostNode(SwarmNodes.hostname(n), nodeUri, reachable(nodeUri)));
        }
        RunLabels labels = options.labels();
        options.reporter().progress("using existing swarm at DOCKER_HOST=" + uri + " (Docker " + info.getServerVersion() + "), nodes "
                + nodes.stream().map(n -> n.name() + (n.reachable() ? "" : " (engine not reachable)")).toList()
                + "; run " + options.runId());
        return new DockerHostSwarmCluster(options, labels, policy, nodes, gatewayPorts);
    }

    /**
     * A port in 20000-29999 for each of {@code ports}, used by no swarm service and no container
     * of the manager: the gateway goes there instead of its standard ports (see
     * StackAdaptations.republishGateway). Ports held by other processes of the manager cannot be
     * seen from here; a collision fails the deploy with the swarm's own "port already in use".
     */
    static Map<Integer, Integer> freePorts(DockerClient manager, List<Integer> ports) {
        Set<Integer> used = new java.util.HashSet<>();
        manager.listServicesCmd().exec().forEach(svc -> {
            if (svc.getEndpoint() != null && svc.getEndpoint().getPorts() != null) {
                for (var p : svc.getEndpoint().getPorts()) if (p.getPublishedPort() > 0) used.add(p.getPublishedPort());
            }
            if (svc.getSpec() != null && svc.getSpec().getEndpointSpec() != null && svc.getSpec().getEndpointSpec().getPorts() != null) {
                for (var p : svc.getSpec().getEndpointSpec().getPorts()) if (p.getPublishedPort() > 0) used.add(p.getPublishedPort());
            }
        });
        manager.listContainersCmd().exec().forEach(c -> {
            if (c.getPorts() != null) for (var p : c.getPorts()) if (p.getPublicPort() != null) used.add(p.getPublicPort());
        });
        Map<Integer, Integer> chosen = new LinkedHashMap<>();
        java.util.Random random = new java.security.SecureRandom();
        for (int port : ports) {
            int candidate;
            do {
                candidate = 20000 + random.nextInt(10000);
            } while (used.contains(candidate));
            used.add(candidate);
            chosen.put(port, candidate);
        }
        return chosen;
    }

    /** A client of {@code uri} when it answers a ping within a few seconds, else null. */
    private static DockerClient reachable(URI uri) {
        if (uri.getHost() == null || uri.getHost().equals("null")) return null;
        try (java.net.Socket s = new java.net.Socket()) {
            s.connect(new java.net.InetSocketAddress(uri.getHost(), uri.getPort()), 2000);
        } catch (java.io.IOException e) {
            return null;
        }
        DockerClient c = HostDocker.at(uri);
        try {
            c.pingCmd().exec();
            return c;
        } catch (RuntimeException e) {
            return null;
        }
    }

    @Override
    public DockerHostNode manager() {
        return nodes.get(0);
    }

    @Override
    public List<DockerHostNode> swarmNodes() {
        return List.copyOf(nodes);
    }

    @Override
    boolean shared() {
        return true;
    }

    @Override
    Map<Integer, Integer> publishedPorts() {
        return gatewayPorts;
    }

    /**
     * Every node reachable: load from this host's engine (skipped where a node has the same image
     * ID). Otherwise the images must already be on the nodes; what the manager lacks is an error
     * naming the image and how to put it there.
     */
    @Override
    public void loadImages(Set<String> images) {
        if (nodes.stream().allMatch(DockerHostNode::reachable)) {
            Map<String, DockerClient> clients = new LinkedHashMap<>();
            nodes.forEach(n -> clients.put(n.name(), n.client()));
            distributor.distribute(images, clients);
            return;
        }
        Set<String> missing = new TreeSet<>();
        for (String image : images) {
            try {
                manager().client().inspectImageCmd(image).exec();
            } catch (NotFoundException e) {
                missing.add(image);
            }
        }
        if (!missing.isEmpty()) {
            List<String> unreachable = nodes.stream().filter(n -> !n.reachable()).map(n -> n.name() + " (" + n.dockerHost() + ")").toList();
            throw new IllegalStateException("cluster docker-host: image " + missing.iterator().next()
                    + (missing.size() > 1 ? " (and " + (missing.size() - 1) + " more: " + missing + ")" : "")
                    + " is not on the swarm manager and nodes " + unreachable + " cannot be reached to load it; put it on every node"
                    + " (`docker save IMAGE | docker -H tcp://NODE:2375 load`, or a registry with -Dimage.policy=mirror)");
        }
        reporter().progress("cluster docker-host: nodes " + nodes.stream().filter(n -> !n.reachable()).map(DockerHostNode::name).toList()
                + " not reachable: images are on the manager, assumed on those nodes too (stack deploy never pulls)");
    }

    /** /proc/net/ip_vs seen from a container of the probe image on the manager (same kernel as its tasks). */
    @Override
    public boolean hasIpvs() {
        String probe = imagePolicy().resolve(HarnessImages.PROBE);
        loadImages(Set.of(probe));
        List<String> cmd = new ArrayList<>(List.of("docker", "run", "--rm", "--entrypoint", "test"));
        labels().asMap().forEach((k, v) -> cmd.addAll(List.of("--label", k + "=" + v)));
        cmd.addAll(List.of(probe, "-e", "/proc/net/ip_vs"));
        ExecResult r = manager().exec(cmd.toArray(String[]::new));
        if (r.exitCode() > 1) {
            throw new IllegalStateException("cluster docker-host: IPVS check on the manager failed (exit " + r.exitCode() + "): "
                    + r.stderr().strip() + "; set -Dswarm.ipvs=on|off to skip it");
        }
        return r.ok();
    }

    /** Stacks go under {@code <stackName>-<runId>}: never the name of a stack the user may run. */
    @Override
    protected String swarmStackName(String stackName) {
        String name = stackName + "-" + runId();
        stackNames.add(name);
        return name;
    }

    @Override
    public void stopNode(String node) {
        throw new ClusterPreconditionException("cluster docker-host: stopping node " + node + " would take down a node of the"
                + " user's swarm; node-loss checks run on -Dcluster=swarm (throwaway DinD) only");
    }

    @Override
    public void startNode(String node) {
        throw new ClusterPreconditionException("cluster docker-host: the harness never starts or stops the user's nodes ("
                + node + "); node-loss checks run on -Dcluster=swarm only");
    }

    /**
     * Removes the run's stacks, then (once their tasks are gone) the run's secrets, the stacks'
     * networks, and their volumes on every reachable node. What cannot be removed is reported.
     * Not synchronized with deploy: a shutdown hook must clean up a stack still being deployed
     * (its services are found by their stack label).
     */
    @Override
    public void close() {
        if (!closed.compareAndSet(false, true)) return;
        closeStacks();
        List<String> left = new RunCleanup(manager().client(), nodes, runId(), stackNames).await(Duration.ofSeconds(90));
        distributor.close();
        RunDirectory.delete(settings().stateDir(), runId());
        if (left.isEmpty()) {
            reporter().progress("cluster docker-host: removed stacks " + stackNames + " and everything labelled with run " + runId());
        } else {
            reporter().progress("cluster docker-host: could not remove " + left);
        }
    }
}
