package dev.menderharness.cli;

import dev.menderharness.cluster.Cluster;
import dev.menderharness.cluster.ClusterOptions;
import dev.menderharness.cluster.ClusterProvider;
import dev.menderharness.cluster.ClusterProviders;
import dev.menderharness.cluster.RunLabels;
import dev.menderharness.cluster.RunningStack;
import dev.menderharness.cluster.StackDeployException;
import dev.menderharness.images.DockerCli;
import dev.menderharness.images.HostImages;
import dev.menderharness.images.ImagePolicy;
import dev.menderharness.report.FailureDiagnostics;
import dev.menderharness.support.Exceptions;
import dev.menderharness.support.Reporter;
import dev.menderharness.support.Setting;
import dev.menderharness.support.Settings;
import dev.menderharness.support.Stopwatch;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicReference;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** {@code up}: a cluster with the stack deployed, kept after exit until {@code down RUN_ID}. */
@Command(name = "up", mixinStandardHelpOptions = true,
        description = "Brings up a cluster, deploys the manifests and keeps it running; prints the gateway URLs and the run id.")
public final class UpCommand implements Callable<Integer> {

    @Option(names = "--provider", defaultValue = "swarm", description = "Cluster provider; default ${DEFAULT-VALUE}.")
    String provider;

    @Option(names = "--manifests", defaultValue = "manifests", description = "Manifests directory; default ${DEFAULT-VALUE}.")
    Path manifests;

    @Option(names = "--policy", description = "Image policy: upstream, mirror or fixture (default: -Dimage.policy or upstream).")
    String policy;

    @Option(names = "--workers", defaultValue = "2", description = "Worker nodes besides the manager; default ${DEFAULT-VALUE}.")
    int workers;

    @Option(names = "--stack", defaultValue = "mender", description = "Stack name; default ${DEFAULT-VALUE}.")
    String stackName;

    @Option(names = "--no-build", description = "Do not build (fixture) or pull (upstream, mirror) missing images: fail instead.")
    boolean noBuild;

    @Override
    public Integer call() {
        ClusterProvider p;
        try {
            p = ClusterProviders.get(provider);
        } catch (IllegalArgumentException e) {
            System.err.println("error: " + e.getMessage());
            return 2;
        }
        if (!p.keepable()) {
            System.err.println("error: up keeps only clusters it can leave running (" + keepable() + "), not '" + provider
                    + "'; the other providers run through the test suites (-Dcluster=" + provider + ")");
            return 2;
        }
        if (!Files.isDirectory(manifests)) {
            System.err.println("error: manifests directory " + manifests + " does not exist (--manifests DIR)");
            return 2;
        }
        var unusable = p.manifestProblem(manifests);
        if (unusable.isPresent()) {
            System.err.println("error: " + unusable.get() + " (--manifests DIR)");
            return 2;
        }
        Settings settings = Settings.fromEnvironment().with(Setting.IMAGE_POLICY, policy)
                .with(Setting.MANIFESTS_DIR, manifests.toString());
        Stopwatch watch = Stopwatch.start();
        if (!noBuild) {
            try {
                ImagePolicy imagePolicy = ImagePolicy.of(settings);
                new HostImages(imagePolicy, DockerCli.of(settings), settings.projectDir(), Reporter.console())
                        .ensure(() -> p.hostImages(manifests, imagePolicy));
            } catch (RuntimeException e) {
                System.err.println("error: " + Exceptions.firstLine(e));
                return 1;
            }
        }
        String runId = RunLabels.newRunId();
        System.out.println("run id:        " + runId + " (until up has finished, Ctrl-C removes it; after, down " + runId + ")");
        ClusterOptions options = ClusterOptions.throwaway(runId, settings, Reporter.console()).withWorkers(workers).kept();
        // Ctrl-C before up has finished removes the half-made run; a SIGKILL leaves it to the next run's reaper.
        AtomicReference<Cluster> made = new AtomicReference<>();
        AtomicBoolean finished = new AtomicBoolean();
        Thread interrupted = new Thread(() -> {
            if (finished.get()) return;
            System.err.println("interrupted: removing run " + runId);
            if (made.get() != null) made.get().close();
            else p.abandon(options);
        }, "mender-up-interrupted");
        Runtime.getRuntime().addShutdownHook(interrupted);
        Cluster cluster;
        try {
            cluster = p.create(options);
            made.set(cluster);
        } catch (RuntimeException e) {
            System.err.println("error: " + Exceptions.firstLine(e));
            return 1;
        }
        RunningStack stack;
        try {
            stack = cluster.deploy(manifests, stackName);
        } catch (RuntimeException e) {
            System.err.println("error: " + Exceptions.firstLine(e));
            if (e instanceof StackDeployException failed) {
                Path dir = new FailureDiagnostics(settings.diagnosticsDir(), Reporter.console())
                        .record("up-" + runId, failed.diagnostics(), failed);
                System.err.println("diagnostics: " + dir);
            }
            cluster.markKept();
            finished.set(true);
            System.err.println("the cluster stays up for inspection; remove it with: down " + runId);
            return 1;
        }
        cluster.markKept();
        finished.set(true);
        Map<String, String> access = cluster.handAccess(RunState.engineCertDir(runId));
        Map<String, Object> state = new LinkedHashMap<>();
        state.put("runId", runId);
        state.put("provider", provider);
        state.put("manifests", manifests.toAbsolutePath().toString());
        state.put("stack", stackName);
        state.put("nodes", cluster.nodes());
        state.put("gatewayHttp", stack.gateway().http().toString());
        state.put("gatewayHttps", stack.gateway().https().toString());
        String engine = String.join(" ", access.entrySet().stream().map(e -> e.getKey() + "=" + e.getValue()).toList());
        if (!access.isEmpty()) state.put("managerEngine", engine);
        Path f = RunState.write(runId, state);
        System.out.println("gateway https: " + stack.gateway().https());
        System.out.println("gateway http:  " + stack.gateway().http());
        System.out.println("nodes:         " + cluster.nodes() + " (containers mh-" + runId + "-*)");
        if (!access.isEmpty()) System.out.println("manager:       " + engine);
        System.out.println("state:         " + f);
        System.out.printf("up in:         %.0f s%n", watch.seconds());
        System.out.println("remove with:   java -jar target/mender-cluster-harness.jar down " + runId);
        return 0;
    }

    private static String keepable() {
        return String.join(", ", ClusterProviders.names().stream().filter(n -> ClusterProviders.get(n).keepable()).toList());
    }
}
