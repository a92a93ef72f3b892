package dev.menderharness.cli;

import dev.menderharness.cluster.Cluster;
import dev.menderharness.cluster.ClusterOptions;
import dev.menderharness.cluster.ClusterProviders;
import dev.menderharness.cluster.RunLabels;
import dev.menderharness.cluster.RunningStack;
import dev.menderharness.cluster.swarm.HostDocker;
import dev.menderharness.cluster.swarm.DindSwarmCluster;
import dev.menderharness.cluster.swarm.SwarmCluster;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** {@code up}: a cluster with the stack deployed, kept after exit until {@code down RUN_ID}. */
@Command(name = "up", mixinStandardHelpOptions = true,
        description = "Brings up a cluster, deploys the manifests and keeps it running; prints the gateway URLs and the run id.")
public final class UpCommand implements Callable<Integer> {

    @Option(names = "--provider", defaultValue = "swarm", description = "Cluster provider: ${COMPLETION-CANDIDATES}; default ${DEFAULT-VALUE}.")
    String provider;

    @Option(names = "--manifests", defaultValue = "manifests", description = "Manifests directory (holding swarm/stack.yml); default ${DEFAULT-VALUE}.")
    Path manifests;

    @Option(names = "--policy", description = "Image policy: upstream, mirror or fixture (default: -Dimage.policy or upstream).")
    String policy;

    @Option(names = "--workers", defaultValue = "2", description = "Worker nodes besides the manager; default ${DEFAULT-VALUE}.")
    int workers;

    @Option(names = "--stack", defaultValue = "mender", description = "Stack name; default ${DEFAULT-VALUE}.")
    String stackName;

    @Override
    public Integer call() {
        if (!KEEPABLE.contains(provider)) {
            System.err.println("error: up keeps only a DinD swarm (--provider swarm), not '" + provider
                    + "'; the other providers run through the test suites (-Dcluster=" + provider + ")");
            return 2;
        }
        if (!Files.isRegularFile(manifests.resolve("swarm/stack.yml"))) {
            System.err.println("error: " + manifests + " has no swarm/stack.yml (--manifests DIR)");
            return 2;
        }
        if (policy != null) System.setProperty("image.policy", policy);
        HostDocker.useDirectClient(); // no Testcontainers reaper/Ryuk may know the kept nodes
        long t0 = System.nanoTime();
        String runId = RunLabels.newRunId();
        Cluster cluster;
        try {
            cluster = ClusterProviders.get(provider)
                    .create(new ClusterOptions(runId, workers, true, RunLabels.DEFAULT_LEASE));
        } catch (RuntimeException e) {
            System.err.println("error: " + firstLine(e));
            return 1;
        }
        RunningStack stack;
        try {
            stack = cluster.deploy(manifests, stackName);
        } catch (RuntimeException e) {
            System.err.println("error: " + firstLine(e));
            System.err.println("the cluster stays up for inspection; diagnostics under target/diagnostics/; remove it with: down " + runId);
            return 1;
        }
        Map<String, Object> state = new LinkedHashMap<>();
        state.put("runId", runId);
        state.put("provider", provider);
        state.put("manifests", manifests.toAbsolutePath().toString());
        state.put("stack", stackName);
        state.put("nodes", cluster.nodes());
        state.put("gatewayHttp", stack.gateway().http().toString());
        state.put("gatewayHttps", stack.gateway().https().toString());
        String managerEngine = null;
        if (cluster instanceof SwarmCluster s) {
            managerEngine = "DOCKER_HOST=" + s.manager().dockerHost();
            if (cluster instanceof DindSwarmCluster dind) {
                Path certs = RunState.engineCertDir(runId);
                dind.writeEngineClientFiles(certs);
                managerEngine += " DOCKER_TLS_VERIFY=1 DOCKER_CERT_PATH=" + certs;
            }
            state.put("managerEngine", managerEngine);
        }
        Path f = RunState.write(runId, state);
        System.out.println("run id:        " + runId);
        System.out.println("gateway https: " + stack.gateway().https());
        System.out.println("gateway http:  " + stack.gateway().http());
        System.out.println("nodes:         " + cluster.nodes() + " (containers mh-" + runId + "-*)");
        if (managerEngine != null) System.out.println("manager:       " + managerEngine);
        System.out.println("state:         " + f);
        System.out.printf("up in:         %.0f s%n", (System.nanoTime() - t0) / 1e9);
        System.out.println("remove with:   java -jar target/mender-cluster-harness.jar down " + runId);
        return 0;
    }

    static final java.util.Set<String> KEEPABLE = java.util.Set.of("swarm");

    /** The message a user needs: the innermost one-line reason, no stack trace. */
    static String firstLine(Throwable e) {
        String m = null;
        for (Throwable t = e; t != null && m == null; t = t.getCause()) m = t.getMessage();
        return m == null ? e.getClass().getSimpleName() : m.lines().findFirst().orElse("").strip();
    }
}
