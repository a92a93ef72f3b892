package dev.menderharness.checks.recovery;

import dev.menderharness.checks.BenchmarkEntry;
import dev.menderharness.checks.Check;
import dev.menderharness.checks.CheckContext;
import dev.menderharness.checks.CheckFailure;
import dev.menderharness.checks.CheckResult;
import dev.menderharness.checks.Deadline;
import dev.menderharness.checks.Roles;
import dev.menderharness.checks.ServiceHealth;
import dev.menderharness.cluster.Cluster;
import dev.menderharness.cluster.RunningStack;
import dev.menderharness.contract.MenderComponent;
import dev.menderharness.support.Reporter;
import dev.menderharness.support.Stopwatch;
import dev.menderharness.support.Waits;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.TreeMap;
import java.util.concurrent.atomic.AtomicReference;

/**
 * Stops a worker node as a failed machine would: every service must get its replicas running on the
 * remaining nodes and every Mender API be healthy within 90 s. The node is started
 * again at the end whatever happened.
 *
 * <p>Reason codes: {@code NO_WORKER_NODE}, {@code NOT_RESCHEDULED} (a service runs fewer replicas
 * than before), {@code NOT_HEALTHY_AFTER_NODE_LOSS}.
 */
public final class NodeLossCheck implements Check<NodeLossCheck.Result> {

    /** @param ready how long after the node stopped every service may take to run its replicas and be healthy */
    public record Limits(Duration ready) {
        public static final Limits DEFAULT = new Limits(Duration.ofSeconds(90));
    }

    /**
     * The node stopped, seconds until the stack was ready again, running replicas before. Its
     * benchmark: {@code recovery.json}, key {@value #BENCHMARK_KEY}.
     */
    public record Result(String node, double secondsToReady, Map<String, Integer> replicasBefore) implements CheckResult {

        public static final String BENCHMARK_KEY = "recovery.node-loss";

        @Override
        public Optional<BenchmarkEntry> benchmark() {
            Map<String, Object> m = new LinkedHashMap<>();
            m.put("node", node);
            m.put("seconds_to_ready", Stopwatch.round(secondsToReady));
            return Optional.of(new BenchmarkEntry("recovery", BENCHMARK_KEY, m));
        }
    }

    /** What is not ready yet: a reason code and the words for it. */
    private record NotReady(String reason, String what) {
    }

    private final Limits limits;

    public NodeLossCheck() {
        this(Limits.DEFAULT);
    }

    /** With another deadline: broken-variant tests use a shorter one to keep CI time down. */
    public NodeLossCheck(Limits limits) {
        this.limits = Objects.requireNonNull(limits, "limits");
    }

    /** The node this check stops: the last worker (never the first node, the manager/control plane). */
    public static String targetNode(Cluster cluster) {
        List<String> nodes = cluster.nodes();
        if (nodes.size() < 2) {
            throw new CheckFailure("NO_WORKER_NODE", "node loss needs a worker node besides the manager; the cluster has " + nodes);
        }
        return nodes.get(nodes.size() - 1);
    }

    @Override
    public Result run(CheckContext context) {
        RunningStack stack = context.stack();
        Reporter reporter = context.reporter();
        Duration readyWithin = limits.ready();
        Cluster cluster = stack.cluster();
        String node = targetNode(cluster);
        Map<String, Integer> before = new TreeMap<>();
        for (String svc : stack.topology().services().keySet()) {
            before.put(svc, stack.runningReplicas(svc));
        }
        reporter.attach("running replicas before stopping " + node, before.toString());
        double seconds;
        try {
            Stopwatch sinceStop = Stopwatch.start();
            reporter.step("stop worker node " + node, () -> cluster.stopNode(node));
            seconds = reporter.step("stack ready again within " + readyWithin.toSeconds() + " s", () -> {
                // Own readiness, not awaitReady(): tasks on a dead node never reach a final state
                // (the node cannot report), so "every task settled" would wait for the node itself.
                AtomicReference<NotReady> why = new AtomicReference<>();
                Waits.atMost(Deadline.of(sinceStop, readyWithin).left()).every(Duration.ofSeconds(1)).until(() -> {
                    why.set(notReady(stack, before));
                    return why.get() == null ? null : why.get().what();
                }, last -> new CheckFailure(why.get().reason(), "the stack was not ready within " + readyWithin.toSeconds()
                        + " s of node " + node + " stopping: " + why.get().what()));
                return sinceStop.seconds();
            });
            reporter.step("every service runs as many replicas as before, on the remaining nodes", () -> {
                String diff = compare(stack, before);
                if (!diff.isEmpty()) {
                    throw new CheckFailure("NOT_RESCHEDULED", "after node " + node + " stopped, services were not rescheduled: " + diff);
                }
            });
        } finally {
            reporter.step("start node " + node + " again", () -> cluster.startNode(node));
        }
        return new Result(node, seconds, before);
    }

    /** Null when every service runs its replicas and every Mender API is healthy; else what is not. */
    private static NotReady notReady(RunningStack stack, Map<String, Integer> before) {
        String replicas = compare(stack, before);
        if (!replicas.isEmpty()) {
            return new NotReady("NOT_RESCHEDULED", "services were not rescheduled (running/before): " + replicas);
        }
        StringBuilder unhealthy = new StringBuilder();
        for (MenderComponent c : Roles.STATELESS_APIS) {
            int code = ServiceHealth.status(stack, c);
            if (code != 204) {
                unhealthy.append(unhealthy.length() == 0 ? "" : ", ").append(Roles.name(stack, c)).append(" health ").append(code);
            }
        }
        return unhealthy.length() == 0 ? null : new NotReady("NOT_HEALTHY_AFTER_NODE_LOSS", "not healthy: " + unhealthy);
    }

    /** "svc: now/before" for every service running fewer replicas than before; empty when none. */
    private static String compare(RunningStack stack, Map<String, Integer> before) {
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
