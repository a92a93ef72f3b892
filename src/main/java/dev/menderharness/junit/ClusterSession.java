package dev.menderharness.junit;

import dev.menderharness.cluster.Cluster;
import dev.menderharness.cluster.ClusterOptions;
import dev.menderharness.cluster.ClusterProvider;
import dev.menderharness.cluster.ClusterProviders;
import dev.menderharness.cluster.RunLabels;
import dev.menderharness.cluster.RunningStack;
import dev.menderharness.cluster.StackDeployException;
import dev.menderharness.report.FailureDiagnostics;
import dev.menderharness.report.RunEnvironment;
import dev.menderharness.support.Reporter;
import dev.menderharness.support.Settings;
import dev.menderharness.support.Stopwatch;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicReference;

/**
 * The cluster and reference stack of one test run. Lives in JUnit's root store (closed when the
 * run ends) and behind a shutdown hook (closed on Ctrl-C); closing twice is harmless. It only
 * asks the selected provider to create a cluster and deploy the stack: what a provider does to
 * be fast is its own business.
 */
public final class ClusterSession implements AutoCloseable {

    public static final String STACK_NAME = "mender";

    private final Settings settings;
    private final Cluster cluster;
    private final RunningStack stack;
    private final Map<String, Double> phases;
    private final AtomicBoolean closed = new AtomicBoolean();
    private final Thread hook = new Thread(this::close, "mender-cluster-cleanup");

    private ClusterSession(Settings settings, Cluster cluster, RunningStack stack, Map<String, Double> phases) {
        this.settings = settings;
        this.cluster = cluster;
        this.stack = stack;
        this.phases = phases;
    }

    /** Brings up the cluster {@code -Dcluster} names and deploys {@code -Dmanifests.dir} on it. */
    static ClusterSession start(Settings settings, Reporter reporter) {
        Path manifests = manifestsDir(settings);
        ClusterProvider provider = ClusterProviders.get(settings.cluster());
        provider.manifestProblem(manifests).ifPresent(problem -> {
            throw new IllegalArgumentException(problem + " (-Dmanifests.dir)");
        });
        String runId = RunLabels.newRunId();
        Stopwatch watch = Stopwatch.start();
        reporter.progress("bring-up: " + provider.name() + " cluster, run " + runId + ", manifests " + manifests);
        reporter.progress("settings given: " + String.join(" ", settings.describeGiven()) + " (every other setting default)");
        reporter.attach("settings", String.join("\n", settings.describe()));
        ClusterOptions options = ClusterOptions.throwaway(runId, settings, reporter);
        // Ctrl-C at any point of the bring-up removes what it made: the cluster once it exists,
        // before that whatever the provider had started (nodes, network, volume).
        AtomicReference<Cluster> made = new AtomicReference<>();
        Thread earlyHook = new Thread(() -> {
            if (made.get() != null) made.get().close();
            else provider.abandon(options);
        }, "mender-cluster-cleanup");
        Runtime.getRuntime().addShutdownHook(earlyHook);
        Cluster cluster;
        try {
            cluster = provider.create(options);
        } catch (RuntimeException e) {
            removeHook(earlyHook);
            throw e;
        }
        made.set(cluster);
        reporter.progress(String.format("bring-up: nodes up %s (%.0fs)", cluster.nodes(), watch.seconds()));
        RunningStack stack;
        try {
            stack = cluster.deploy(manifests, STACK_NAME);
        } catch (RuntimeException e) {
            if (e instanceof StackDeployException failed) {
                new FailureDiagnostics(settings.diagnosticsDir(), reporter).record("bring-up-" + STACK_NAME, failed.diagnostics(), e);
            }
            cluster.close();
            removeHook(earlyHook);
            throw e;
        }
        removeHook(earlyHook);
        Map<String, Double> phases = new LinkedHashMap<>(cluster.bringUpPhases());
        phases.put("total", watch.seconds());
        reporter.progress(String.format("bring-up: stack %s ready (%.0fs) %s", STACK_NAME, phases.get("total"), phases));
        describeInReport(settings, provider, cluster, stack, phases);
        ClusterSession session = new ClusterSession(settings, cluster, stack, phases);
        Runtime.getRuntime().addShutdownHook(session.hook);
        return session;
    }

    /** The report's environment widget: which cluster and which Mender this run tested. */
    private static void describeInReport(Settings settings, ClusterProvider provider, Cluster cluster, RunningStack stack,
                                         Map<String, Double> phases) {
        RunEnvironment env = new RunEnvironment(settings.allureResultsDir());
        env.writeBase(settings);
        Map<String, String> more = new LinkedHashMap<>();
        more.put("cluster.kind", cluster.kind().name().toLowerCase(java.util.Locale.ROOT));
        more.put("cluster.nodes", String.valueOf(cluster.nodes().size()));
        more.put("run.id", cluster.runId());
        more.put("mender.version", String.join(", ", stack.topology().services().values().stream()
                .filter(s -> s.component().isPresent() && s.image().contains("mendersoftware/"))
                .map(s -> s.image().substring(s.image().lastIndexOf(':') + 1)).distinct().sorted().toList()));
        more.put("bring-up.seconds", String.format("%.1f", phases.getOrDefault("total", 0.0)));
        env.add(more);
    }

    static Path manifestsDir(Settings settings) {
        Path dir = settings.manifestsDir();
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

    public Settings settings() {
        return settings;
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
