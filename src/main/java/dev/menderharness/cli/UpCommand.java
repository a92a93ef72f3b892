package dev.menderharness.cli;

import dev.menderharness.cluster.Cluster;
import dev.menderharness.cluster.ClusterOptions;
import dev.menderharness.cluster.ClusterProviders;
import dev.menderharness.cluster.RunLabels;
import dev.menderharness.cluster.RunningStack;
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
        if (!Files.isRegularFile(manifests.resolve("swarm/stack.yml"))) {
            System.err.println("error: " + manifests + " has no swarm/stack.yml (--manifests DIR)");
            return 2;
        }
        if (policy != null) System.setProperty("image.policy", policy);
        String runId = RunLabels.newRunId();
        Cluster cluster = ClusterProviders.get(provider)
                .create(new ClusterOptions(runId, workers, true, RunLabels.DEFAULT_LEASE));
        RunningStack stack;
        try {
            stack = cluster.deploy(manifests, stackName);
        } catch (RuntimeException e) {
            System.err.println("error: " + e.getMessage().lines().findFirst().orElse(""));
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
        Path f = RunState.write(runId, state);
        System.out.println("run id:        " + runId);
        System.out.println("gateway https: " + stack.gateway().https());
        System.out.println("gateway http:  " + stack.gateway().http());
        System.out.println("nodes:         " + cluster.nodes() + " (containers mh-" + runId + "-*)");
        System.out.println("state:         " + f);
        System.out.println("remove with:   java -jar target/mender-cluster-harness.jar down " + runId);
        return 0;
    }
}
