package dev.menderharness.junit;

import dev.menderharness.cluster.Cluster;
import dev.menderharness.cluster.ClusterOptions;
import dev.menderharness.cluster.ClusterProvider;
import dev.menderharness.cluster.ClusterProviders;
import dev.menderharness.cluster.RunLabels;
import dev.menderharness.cluster.RunningStack;
import dev.menderharness.report.Report;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * The cluster and reference stack of one test run. Lives in JUnit's root store (closed when the
 * run ends) and behind a shutdown hook (closed on Ctrl-C); closing twice is harmless.
 */
public final class ClusterSession implements AutoCloseable {

    public static final String STACK_NAME = "mender";

    private final Cluster cluster;
    private final RunningStack stack;
    private final Map<String, Double> phases;
    private final AtomicBoolean closed = new AtomicBoolean();
    private final Thread hook = new Thread(this::close, "mender-cluster-cleanup");

    private ClusterSession(Cluster cluster, RunningStack stack, Map<String, Double> phases) {
        this.cluster = cluster;
        this.stack = stack;
        this.phases = phases;
    }

    /** Brings up the cluster named by {@code -Dcluster} and deploys {@code -Dmanifests.dir} on it. */
    static ClusterSession start() {
        Path manifests = manifestsDir();
        ClusterProvider provider = ClusterProviders.fromSystemProperties();
        String runId = RunLabels.newRunId();
        long t0 = System.nanoTime();
        Report.progress("bring-up: " + provider.name() + " cluster, run " + runId + ", manifests " + manifests);
        // Swarm: save the stack's images while the nodes boot, so the deployer only loads them. The
        // decision (stack file, image policy, node seed) runs beside the cluster start: in a fresh
        // JVM, parsing and the first engine client cost about a second, which the start no longer waits for.
        CompletableFuture<Void> presave = provider.name().equals("swarm")
                ? CompletableFuture.runAsync(() -> presaveUnlessSeeded(manifests)) : CompletableFuture.completedFuture(null);
        Cluster cluster;
        try {
            cluster = provider.create(ClusterOptions.fromSystemProperties(runId));
        } finally {
            presave.exceptionally(e -> null).join();
        }
        Thread earlyHook = new Thread(cluster::close, "mender-cluster-cleanup");
        Runtime.getRuntime().addShutdownHook(earlyHook);
        Report.progress(String.format("bring-up: nodes up %s (%.0fs)", cluster.nodes(), (System.nanoTime() - t0) / 1e9));
        RunningStack stack;
        try {
            stack = cluster.deploy(manifests, STACK_NAME);
        } catch (RuntimeException e) {
            cluster.close();
            removeHook(earlyHook);
            throw e;
        }
        removeHook(earlyHook);
        Map<String, Double> phases = new LinkedHashMap<>();
        if (cluster instanceof dev.menderharness.cluster.swarm.SwarmCluster s) phases.putAll(s.phaseSeconds());
        phases.put("total", (System.nanoTime() - t0) / 1e9);
        Report.progress(String.format("bring-up: stack %s ready (%.0fs) %s", STACK_NAME, phases.get("total"), phases));
        ClusterSession session = new ClusterSession(cluster, stack, phases);
        Runtime.getRuntime().addShutdownHook(session.hook);
        return session;
    }

    /** Starts saving the stack's images into one tar unless a node seed already holds them all. */
    private static void presaveUnlessSeeded(Path manifests) {
        var policy = dev.menderharness.images.ImagePolicy.fromSystemProperties();
        var images = dev.menderharness.stack.SwarmStackDeployer.imagesFor(manifests, policy);
        if (images.isEmpty()) return; // the deploy reports unreadable manifests properly
        var host = dev.menderharness.cluster.swarm.HostDocker.client();
        boolean seeded;
        try {
            seeded = dev.menderharness.cluster.swarm.NodeSeed
                    .find(host, policy.resolve(dev.menderharness.images.HarnessImages.DIND))
                    .filter(seed -> seed.images().keySet().containsAll(images)).isPresent();
        } catch (RuntimeException e) {
            seeded = false; // the cluster start reports a missing image properly
        }
        if (!seeded) { // a seed that holds them all makes the tar useless work
            dev.menderharness.images.ImageDistributor.presave(host, images);
        }
    }

    static Path manifestsDir() {
        Path dir = Path.of(System.getProperty("manifests.dir", "manifests"));
        if (!Files.isDirectory(dir)) {
            throw new IllegalArgumentException("manifests directory " + dir.toAbsolutePath() + " does not exist (-Dmanifests.dir)");
        }
        return dir;
    }

    private static void removeHook(Thread hook) {
        try {
            Runtime.getRuntime().removeShutdownHook(hook);
        } catch (IllegalStateException shuttingDown) {
            // the hook is running already
        }
    }

    public Cluster cluster() {
        return cluster;
    }

    public RunningStack stack() {
        return stack;
    }

    /** Bring-up seconds by phase (nodes, images, deploy, healthy, total). */
    public Map<String, Double> phases() {
        return phases;
    }

    @Override
    public void close() {
        if (!closed.compareAndSet(false, true)) return;
        if (Thread.currentThread() != hook) removeHook(hook);
        try {
            stack.close();
        } finally {
            cluster.close();
        }
    }
}
