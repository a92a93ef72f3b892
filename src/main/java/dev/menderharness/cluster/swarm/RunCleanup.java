package dev.menderharness.cluster.swarm;

import com.github.dockerjava.api.DockerClient;
import com.github.dockerjava.api.exception.NotFoundException;
import dev.menderharness.cluster.RunLabels;
import dev.menderharness.support.Exceptions;
import dev.menderharness.support.Waits;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * Removes from a user's swarm exactly what one run created, once {@code docker stack rm} ran: waits
 * until the stacks' services and task containers are gone, then removes the stacks' configs and
 * networks, the run's secrets and containers (probes), and the stacks' volumes on every reachable
 * node. Only objects carrying the run label or a run stack's namespace label are touched.
 */
final class RunCleanup {

    static final String STACK_LABEL = "com.docker.stack.namespace";

    private final DockerClient manager;
    private final List<DockerHostNode> nodes;
    private final String runId;
    private final List<String> stacks;

    RunCleanup(DockerClient manager, List<DockerHostNode> nodes, String runId, List<String> stacks) {
        this.manager = manager;
        this.nodes = nodes;
        this.runId = runId;
        this.stacks = stacks;
    }

    /** Cleans up within {@code timeout}; returns what is left (empty when everything went). */
    List<String> await(Duration timeout) {
        List<List<String>> last = new ArrayList<>(List.of(List.of()));
        Waits.atMost(timeout).every(Duration.ofSeconds(1)).within(() -> {
            last.set(0, sweep());
            return last.get(0).isEmpty();
        });
        List<String> left = new ArrayList<>(last.get(0));
        for (DockerHostNode n : nodes) {
            if (!n.reachable()) {
                left.add("volumes of stacks " + stacks + " on node " + n.name() + ", whose engine is not reachable from here"
                        + " (there: docker volume ls --filter label=" + STACK_LABEL + "=STACK)");
            }
        }
        return left;
    }

    /** One pass: removes what can go now; returns what is still there. */
    private List<String> sweep() {
        List<String> left = new ArrayList<>();
        for (String stack : stacks) {
            Map<String, String> ns = Map.of(STACK_LABEL, stack);
            manager.listServicesCmd().withLabelFilter(ns).exec().forEach(s -> {
                left.add("service " + s.getSpec().getName());
                ignoreGone(() -> manager.removeServiceCmd(s.getId()).exec());
            });
        }
        for (DockerHostNode n : nodes) {
            if (!n.reachable()) continue;
            for (String stack : stacks) {
                n.client().listContainersCmd().withShowAll(true).withLabelFilter(Map.of(STACK_LABEL, stack)).exec()
                        .forEach(c -> left.add("task container " + c.getNames()[0] + " on " + n.name()));
            }
            n.client().listContainersCmd().withShowAll(true).withLabelFilter(Map.of(RunLabels.RUN, runId)).exec()
                    .forEach(c -> {
                        left.add("container " + c.getNames()[0] + " on " + n.name());
                        ignoreGone(() -> n.client().removeContainerCmd(c.getId()).withForce(true).withRemoveVolumes(true).exec());
                    });
        }
        if (!left.isEmpty()) return left; // objects in use cannot go yet
        for (String stack : stacks) {
            manager.listConfigsCmd().withFilters(Map.of("label", List.of(STACK_LABEL + "=" + stack))).exec()
                    .forEach(c -> remove(left, "config " + c.getSpec().getName(), () -> manager.removeConfigCmd(c.getId()).exec()));
            manager.listNetworksCmd().withFilter("label", List.of(STACK_LABEL + "=" + stack)).exec()
                    .forEach(net -> remove(left, "network " + net.getName(), () -> manager.removeNetworkCmd(net.getId()).exec()));
        }
        manager.listSecretsCmd().withLabelFilter(Map.of(RunLabels.RUN, runId)).exec()
                .forEach(s -> remove(left, "secret " + s.getSpec().getName(), () -> manager.removeSecretCmd(s.getId()).exec()));
        for (DockerHostNode n : nodes) {
            if (!n.reachable()) continue;
            for (String stack : stacks) {
                var vols = n.client().listVolumesCmd().withFilter("label", List.of(STACK_LABEL + "=" + stack)).exec().getVolumes();
                if (vols == null) continue;
                vols.forEach(v -> remove(left, "volume " + v.getName() + " on " + n.name(),
                        () -> n.client().removeVolumeCmd(v.getName()).exec()));
            }
        }
        return left;
    }

    private static void remove(List<String> left, String what, Runnable removal) {
        try {
            removal.run();
        } catch (NotFoundException gone) {
            // removed meanwhile (stack rm works asynchronously)
        } catch (RuntimeException e) {
            left.add(what + " (" + Exceptions.rootLine(e) + ")");
        }
    }

    private static void ignoreGone(Runnable r) {
        try {
            r.run();
        } catch (NotFoundException gone) {
            // fine
        }
    }
}
