package dev.menderharness.cluster.swarm;

import dev.menderharness.cluster.Cluster;
import dev.menderharness.cluster.ClusterKind;
import dev.menderharness.cluster.ClusterOptions;
import dev.menderharness.cluster.RunLabels;
import dev.menderharness.cluster.RunningStack;
import dev.menderharness.images.ImagePolicy;
import dev.menderharness.stack.DeploySecrets;
import dev.menderharness.support.Reporter;
import dev.menderharness.support.Settings;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * What the two Swarm providers share (a throwaway DinD swarm, a user's swarm through DOCKER_HOST):
 * the run's options, labels and image policy, one stack deployer, the stacks deployed, the bring-up
 * phases. Subclasses say what the nodes are, how images reach them and what closing removes.
 */
public abstract class SwarmCluster implements Cluster {

    private final ClusterOptions options;
    private final RunLabels labels;
    private final ImagePolicy policy;
    private final Map<String, Double> phaseSeconds = java.util.Collections.synchronizedMap(new LinkedHashMap<>());
    private final List<RunningStack> stacks = new CopyOnWriteArrayList<>();
    private final SwarmStackDeployer deployer = new SwarmStackDeployer(this);

    protected SwarmCluster(ClusterOptions options, RunLabels labels, ImagePolicy policy) {
        this.options = options;
        this.labels = labels;
        this.policy = policy;
    }

    /** The manager node (the deployer runs the docker CLI there). */
    public abstract SwarmMember manager();

    /** Every node, manager first. */
    public abstract List<? extends SwarmMember> swarmNodes();

    /** Puts {@code images} on every node that runs tasks (never pulled by a node). */
    public abstract void loadImages(Set<String> images);

    /** Whether the nodes' kernel has IPVS (service VIPs, ingress mesh). */
    public abstract boolean hasIpvs();

    @Override
    public String runId() {
        return options.runId();
    }

    @Override
    public ClusterKind kind() {
        return ClusterKind.SWARM;
    }

    @Override
    public List<String> nodes() {
        return swarmNodes().stream().map(SwarmMember::name).toList();
    }

    public ImagePolicy imagePolicy() {
        return policy;
    }

    public RunLabels labels() {
        return labels;
    }

    public Reporter reporter() {
        return options.reporter();
    }

    public Settings settings() {
        return options.settings();
    }

    /** Bring-up phase durations in seconds, in order; the deployer adds its phases. */
    Map<String, Double> phaseSeconds() {
        return phaseSeconds;
    }

    @Override
    public Map<String, Double> bringUpPhases() {
        synchronized (phaseSeconds) {
            return java.util.Collections.unmodifiableMap(new LinkedHashMap<>(phaseSeconds));
        }
    }

    /** The node whose swarm hostname is {@code hostname}. */
    SwarmMember nodeByHostname(String hostname) {
        return swarmNodes().stream().filter(n -> n.name().equals(hostname)).findFirst()
                .orElseThrow(() -> new IllegalStateException("swarm reports node '" + hostname + "' the harness did not create"));
    }

    /**
     * True when the swarm is not this run's own (DOCKER_HOST): stacks get per-run names for the
     * objects they create outside the stack (external secrets), and leave nothing behind.
     */
    boolean shared() {
        return false;
    }

    /** Published port as written in the manifests to the one used (shared swarms only; empty: as written). */
    Map<Integer, Integer> publishedPorts() {
        return Map.of();
    }

    /** Material for a stack's deploy-time secrets; fresh per call unless a bring-up prepared some ahead. */
    Map<String, byte[]> deploySecretMaterial() {
        return DeploySecrets.generate();
    }

    /** The swarm's name for a stack the user calls {@code stackName}. */
    protected String swarmStackName(String stackName) {
        return stackName;
    }

    @Override
    public synchronized RunningStack deploy(Path manifestsDir, String stackName) {
        RunningStack stack = deployer.deploy(manifestsDir, swarmStackName(stackName));
        stacks.add(stack);
        return stack;
    }

    /** Removes the stacks deployed on this cluster; failures are reported, not thrown (the cluster goes next). */
    protected void closeStacks() {
        for (RunningStack s : stacks) {
            try {
                s.close();
            } catch (RuntimeException e) {
                reporter().progress("removing stack " + s.name() + ": " + dev.menderharness.support.Exceptions.firstLine(e));
            }
        }
    }
}
