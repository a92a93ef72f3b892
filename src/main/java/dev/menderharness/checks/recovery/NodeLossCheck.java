package dev.menderharness.checks.recovery;

import dev.menderharness.checks.BenchmarkJson;
import dev.menderharness.checks.Roles;
import dev.menderharness.checks.ServiceHealth;
import dev.menderharness.contract.MenderComponent;
import dev.menderharness.cluster.Cluster;
import dev.menderharness.cluster.RunningStack;
import dev.menderharness.report.Report;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * Stops a worker node as a failed machine would: every service must get its replicas running on the
 * remaining nodes and every Mender API be healthy within 90 s. The node is started
 * again at the end whatever happened.
 */
public final class NodeLossCheck {

    public record Result(String node, double secondsToReady, Map<String, Integer> replicasBefore) {
    }

    public static final Duration READY_WITHIN = Duration.ofSeconds(90);

    private final RunningStack stack;
    private final Duration readyWithin;

    public NodeLossCheck(RunningStack stack) {
        this(stack, READY_WITHIN);
    }

    /** With another deadline: broken-variant tests use a shorter one to keep CI time down. */
    public NodeLossCheck(RunningStack stack, Duration readyWithin) {
        this.stack = stack;
        this.readyWithin = readyWithin;
    }

    /** The node this check stops: the last worker (never the first node, the manager/control plane). */
    public static String targetNode(Cluster cluster) {
        List<String> nodes = cluster.nodes();
        if (nodes.size() < 2) {
            throw new AssertionError("node loss needs a worker node besides the manager; the cluster has " + nodes);
        }
        return nodes.get(nodes.size() - 1);
    }

    public Result run() {
        Cluster cluster = stack.cluster();
        String node = targetNode(cluster);
        Map<String, Integer> before = new TreeMap<>();
        for (String svc : stack.topology().services().keySet()) {
            before.put(svc, stack.runningReplicas(svc));
        }
        Report.attach("running replicas before stopping " + node, before.toString());
        double seconds;
        try {
            long t0 = System.nanoTime();
            Report.step("stop worker node " + node, () -> cluster.stopNode(node));
            seconds = Report.step("stack ready again within " + readyWithin.toSeconds() + " s", () -> {
                // Own readiness, not awaitReady(): tasks on a dead node never reach a final state
                // (the node cannot report), so "every task settled" would wait for the node itself.
                long deadline = t0 + readyWithin.toNanos();
                String why;
                do {
                    why = notReady(before);
                    if (why.isEmpty()) {
                        break;
                    }
                    KillReplicaCheck.sleep(Duration.ofSeconds(1));
                } while (System.nanoTime() < deadline);
                if (!why.isEmpty()) {
                    throw new AssertionError("the stack was not ready within " + readyWithin.toSeconds() + " s of node " + node
                            + " stopping: " + why);
                }
                return (System.nanoTime() - t0) / 1e9;
            });
            Report.step("every service runs as many replicas as before, on the remaining nodes", () -> {
                String diff = compare(before);
                if (!diff.isEmpty()) {
                    throw new AssertionError("after node " + node + " stopped, services were not rescheduled: " + diff);
                }
            });
        } finally {
            Report.step("start node " + node + " again", () -> cluster.startNode(node));
        }
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("node", node);
        m.put("seconds_to_ready", KillReplicaCheck.round(seconds));
        Report.attachJson("node loss", BenchmarkJson.named("recovery").put("recovery.node-loss", m));
        return new Result(node, seconds, before);
    }

    /** Empty when every service runs its replicas and every Mender API is healthy; else what is not. */
    private String notReady(Map<String, Integer> before) {
        String replicas = compare(before);
        if (!replicas.isEmpty()) {
            return "services were not rescheduled (running/before): " + replicas;
        }
        StringBuilder unhealthy = new StringBuilder();
        for (MenderComponent c : Roles.STATELESS_APIS) {
            int code = ServiceHealth.status(stack, c);
            if (code != 204) {
                unhealthy.append(unhealthy.length() == 0 ? "" : ", ").append(Roles.name(stack, c)).append(" health ").append(code);
            }
        }
        return unhealthy.length() == 0 ? "" : "not healthy: " + unhealthy;
    }

    /** "svc: now/before" for every service running fewer replicas than before; empty when none. */
    private String compare(Map<String, Integer> before) {
        StringBuilder sb = new StringBuilder();
        before.forEach((svc, n) -> {
            int now = stack.runningReplicas(svc);
            if (now < n) {
                sb.append(sb.length() == 0 ? "" : ", ").append(svc).append(": ").append(now).append('/').append(n);
            }
        });
        return sb.toString();
    }
}
