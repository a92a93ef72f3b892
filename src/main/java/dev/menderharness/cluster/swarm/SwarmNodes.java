package dev.menderharness.cluster.swarm;

import com.github.dockerjava.api.DockerClient;
import com.github.dockerjava.api.model.SwarmNode;
import dev.menderharness.support.Waits;
import java.time.Duration;
import java.util.List;
import java.util.Locale;

/** Swarm node states as the manager reports them. */
final class SwarmNodes {

    private SwarmNodes() {
    }

    static String state(SwarmNode n) {
        return n.getStatus() == null || n.getStatus().getState() == null ? "unknown"
                : n.getStatus().getState().name().toLowerCase(Locale.ROOT);
    }

    static String hostname(SwarmNode n) {
        return n.getDescription() == null ? n.getId() : n.getDescription().getHostname();
    }

    static void awaitReady(DockerClient manager, int expected, Duration timeout) {
        Waits.atMost(timeout).every(Duration.ofMillis(200)).until(() -> {
            List<SwarmNode> nodes = manager.listSwarmNodesCmd().exec();
            long ready = nodes.stream().filter(n -> state(n).equals("ready")).count();
            return ready == expected ? null : "swarm has " + ready + " of " + expected + " nodes ready: "
                    + nodes.stream().map(n -> hostname(n) + "=" + state(n)).toList();
        }, IllegalStateException::new);
    }

    static void awaitState(DockerClient manager, String hostname, String state, Duration timeout) {
        Waits.atMost(timeout).until(() -> {
            String actual = manager.listSwarmNodesCmd().exec().stream().filter(n -> hostname.equals(hostname(n)))
                    .map(SwarmNodes::state).findFirst().orElse("absent");
            return actual.equals(state) ? null : "node " + hostname + " is " + actual + ", expected " + state + " within " + timeout;
        }, IllegalStateException::new);
    }
}
