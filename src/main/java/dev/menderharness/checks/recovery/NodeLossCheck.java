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
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.TreeMap;
import java.util.concurrent.atomic.AtomicReference;

/**
 * Loses a worker node as a failed machine would (Swarm: the DinD node killed; Kubernetes: the node
 * tainted {@code node.kubernetes.io/out-of-service:NoExecute}, which deletes its pods at once, as the
 * taint an administrator puts on a node that is gone): within 90 s every service must run as many
 * replicas as before, none of them on the lost node, and every Mender API be healthy. The node is the
 * worker running the most of the stack's replicas (or the one given), and it must have run at least
 * one: losing an idle node proves nothing. It is started again at the end whatever happened.
 *
 * <p>Reason codes: {@code NO_WORKER_NODE} (a single-node cluster: the test aborts before, see
 * {@code @RequiresNodes}), {@code NODE_RAN_NO_REPLICA} (the chosen node ran nothing of the stack),
 * {@code NOT_RESCHEDULED} (a service runs fewer replicas than before), {@code REPLICA_ON_LOST_NODE} (a
 * replica still reported on the lost node), {@code NOT_HEALTHY_AFTER_NODE_LOSS}. Variant:
 * {@code deployments-pinned-to-one-node} → {@code NOT_RESCHEDULED}. The orchestrator, not a manifest,
 * decides what it reports on a lost node ({@code REPLICA_ON_LOST_NODE}); the APIs unhealthy after a loss
 * with every replica back needs stateful data left on the lost node by a service placed there before the
 * loss and anywhere after it, which no static manifest arranges ({@code NOT_HEALTHY_AFTER_NODE_LOSS});
 * docs/check-variants.md.
 */
public final class NodeLossCheck implements Check<NodeLossCheck.Result> {

    /** @param ready how long after the node stopped every service may take to run its replicas elsewhere and be healthy */
    public record Limits(Duration ready) {
        public static final Limits DEFAULT = new Limits(Duration.ofSeconds(90));
    }

    /**
     * The node stopped, seconds until the stack was ready again, running replicas before, what ran on
     * the node before. Its benchmark: {@code recovery.json}, key {@value #BENCHMARK_KEY}.
     */
    public record Result(String node, double secondsToReady, Map<String, Integer> replicasBefore,
                         Map<String, Integer> onNodeBefore) implements CheckResult {

        public static final String BENCHMARK_KEY = "recovery.node-loss";

        @Override
        public Optional<BenchmarkEntry> benchmark() {
            Map<String, Object> m = new LinkedHashMap<>();
            m.put("node", node);
            m.put("seconds_to_ready", Stopwatch.round(secondsToReady));
            m.put("replicas_moved", onNodeBefore.values().stream().mapToInt(Integer::intValue).sum());
            return Optional.of(new BenchmarkEntry("recovery", BENCHMARK_KEY, m));
        }
    }

    /** What is not ready yet: a reason code and the words for it. */
    private record NotReady(String reason, String what) {
    }

    private final Limits limits;
    private final String node;

    public NodeLossCheck() {
        this(Limits.DEFAULT);
    }

    /** With another deadline: broken-variant tests use a shorter one to keep CI time down. */
    public NodeLossCheck(Limits limits) {
        this(limits, null);
    }

    /** Loses {@code node} (null: {@link #targetNode(RunningStack)}). */
    public NodeLossCheck(Limits limits, String node) {
        this.limits = Objects.requireNonNull(limits, "limits");
        this.node = node;
    }

    /**
     * The node this check loses: the worker (never the first node, the manager/control plane) running
     * the most replicas of the stack, the last such on a tie.
     */
    public static String targetNode(RunningStack stack) {
        List<String> nodes = stack.cluster().nodes();
        if (nodes.size() < 2) {
            throw new CheckFailure("NO_WORKER_NODE", "node loss needs a worker node besides the manager; the cluster has " + nodes);
        }
        Map<String, Integer> count = new HashMap<>();
        for (String svc : stack.topology().services().keySet()) {
            stack.replicaNodes(svc).values().forEach(n -> count.merge(n, 1, Integer::sum));
        }
        String best = nodes.get(nodes.size() - 1);
        for (String n : nodes.subList(1, nodes.size())) {
            if (count.getOrDefault(n, 0) >= count.getOrDefault(best, 0)) {
                best = n;
            }
        }
        return best;
    }

    @Override
    public Result run(CheckContext context) {
        RunningStack stack = context.stack();
        Reporter reporter = context.reporter();
        Duration readyWithin = limits.ready();
        Cluster cluster = stack.cluster();
        String lost = node != null ? node : targetNode(stack);
        Map<String, Integer> before = new TreeMap<>();
        Map<String, Integer> onNode = new TreeMap<>();
        StringBuilder placement = new StringBuilder();
        for (String svc : stack.topology().services().keySet()) {
            before.put(svc, stack.runningReplicas(svc));
            Map<String, String> where = stack.replicaNodes(svc);
            placement.append(svc).append(": ").append(where.values()).append('\n');
            long there = where.values().stream().filter(lost::equals).count();
            if (there > 0) {
                onNode.put(svc, (int) there);
            }
        }
        reporter.attach("replicas and their nodes before losing " + lost, placement.toString());
        if (onNode.isEmpty()) {
            throw new CheckFailure("NODE_RAN_NO_REPLICA", "node " + lost + " runs no replica of the stack: losing it would prove "
                    + "nothing (placement: " + placement.toString().replace('\n', ';') + ")");
        }
        double seconds;
        try {
            Stopwatch sinceStop = Stopwatch.start();
            reporter.step("lose worker node " + lost + " (it ran " + onNode + ")", () -> cluster.stopNode(lost));
            seconds = reporter.step("every service runs its replicas on the remaining nodes, and is healthy, within "
                    + readyWithin.toSeconds() + " s", () -> {
                // Own readiness, not awaitReady(): tasks on a dead node never reach a final state
                // (the node cannot report), so "every task settled" would wait for the node itself.
                AtomicReference<NotReady> why = new AtomicReference<>();
                Waits.atMost(Deadline.of(sinceStop, readyWithin).left()).every(Duration.ofSeconds(1)).until(() -> {
                    why.set(notReady(stack, before, lost));
                    return why.get() == null ? null : why.get().what();
                }, last -> new CheckFailure(why.get().reason(), "the stack was not ready within " + readyWithin.toSeconds()
                        + " s of node " + lost + " stopping: " + why.get().what()));
                return sinceStop.seconds();
            });
        } finally {
            reporter.step("start node " + lost + " again", () -> cluster.startNode(lost));
        }
        return new Result(lost, seconds, before, onNode);
    }

    /** Null when every service runs its replicas off the lost node and every Mender API is healthy; else what is not. */
    private static NotReady notReady(RunningStack stack, Map<String, Integer> before, String lost) {
        StringBuilder fewer = new StringBuilder();
        StringBuilder stale = new StringBuilder();
        before.forEach((svc, n) -> {
            int now = stack.runningReplicas(svc);
            if (now < n) {
                fewer.append(fewer.length() == 0 ? "" : ", ").append(svc).append(": ").append(now).append('/').append(n)
                        .append(stack.replicaProblem(svc).map(p -> " (" + p + ")").orElse(""));
            }
            long there = stack.replicaNodes(svc).values().stream().filter(lost::equals).count();
            if (there > 0) {
                stale.append(stale.length() == 0 ? "" : ", ").append(svc).append(": ").append(there);
            }
        });
        if (fewer.length() > 0) {
            return new NotReady("NOT_RESCHEDULED", "services were not rescheduled (running/before): " + fewer);
        }
        if (stale.length() > 0) {
            return new NotReady("REPLICA_ON_LOST_NODE", "replicas still reported running on the lost node " + lost + ": " + stale);
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
}
