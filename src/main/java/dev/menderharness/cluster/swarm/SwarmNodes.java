package dev.menderharness.cluster.swarm;

import com.github.dockerjava.api.DockerClient;
import com.github.dockerjava.api.model.SwarmNode;
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
        long deadline = System.nanoTime() + timeout.toNanos();
        while (true) {
            List<SwarmNode> nodes = manager.listSwarmNodesCmd().exec();
            long ready = nodes.stream().filter(n -> state(n).equals("ready")).count();
            if (ready == expected) return;
            if (System.nanoTime() > deadline) {
                throw new IllegalStateException("swarm has " + ready + " of " + expected + " nodes ready: "
                        + nodes.stream().map(n -> hostname(n) + "=" + state(n)).toList());
            }
            DindNode.sleep(200);
        }
    }

    static void awaitState(DockerClient manager, String hostname, String state, Duration timeout) {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (true) {
            String actual = manager.listSwarmNodesCmd().exec().stream().filter(n -> hostname.equals(hostname(n)))
                    .map(SwarmNodes::state).findFirst().orElse("absent");
            if (actual.equals(state)) return;
            if (System.nanoTime() > deadline) {
                throw new IllegalStateException("node " + hostname + " is " + actual + ", expected " + state + " within " + timeout);
            }
            DindNode.sleep(250);
        }
    }
}
