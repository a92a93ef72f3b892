package dev.menderharness.checks.dns;

import dev.menderharness.checks.Check;
import dev.menderharness.checks.CheckContext;
import dev.menderharness.checks.CheckResult;
import dev.menderharness.checks.Failures;
import dev.menderharness.cluster.RunningStack;
import dev.menderharness.manifest.ServiceSpec;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;

/**
 * Replica DNS ({@code tasks.<svc>} on Swarm, Endpoints on Kubernetes) returns exactly one address per
 * running replica, and the cluster runs the replicas the manifests declare. Clients that balance over
 * replica addresses (nginx upstreams, Mongo/NATS clients) see dead or missing replicas otherwise.
 * It has no thresholds: the counts must match exactly.
 *
 * <p>Reason codes: {@code REPLICAS_NOT_RUNNING} (declared ≠ running; the message carries the
 * orchestrator's reason), {@code REPLICA_ADDRESS_TWICE}, {@code REPLICA_DNS_MISMATCH} (addresses ≠
 * running replicas). Variants: {@code minio-pinned-to-unlabelled-node} → {@code REPLICAS_NOT_RUNNING};
 * {@code swarm-useradm-claims-inventory-name} → {@code REPLICA_DNS_MISMATCH} (Swarm lists the task of a
 * service claiming another's name under that name's {@code tasks.} record too). An address listed twice
 * is the orchestrator's DNS alone ({@code REPLICA_ADDRESS_TWICE}); docs/check-variants.md.
 */
public final class ReplicaDnsCheck implements Check<ReplicaDnsCheck.Result> {

    /** Per service: declared replicas, running replicas, the replica addresses DNS returned. */
    public record ServiceReplicas(int declared, int running, List<String> addresses) {
    }

    /** Every service of the topology, by name. */
    public record Result(Map<String, ServiceReplicas> services) implements CheckResult {
    }

    @Override
    public Result run(CheckContext context) {
        RunningStack stack = context.stack();
        Failures failures = new Failures("replica DNS");
        Map<String, ServiceReplicas> out = new TreeMap<>();
        context.reporter().step("compare replica DNS with the running replicas of every service", () -> {
            StringBuilder table = new StringBuilder();
            for (ServiceSpec s : new TreeMap<>(stack.topology().services()).values()) {
                int running = stack.runningReplicas(s.name());
                List<String> addrs = stack.replicaAddresses(s.name());
                Set<String> distinct = new LinkedHashSet<>(addrs);
                out.put(s.name(), new ServiceReplicas(s.replicas(), running, addrs));
                table.append(String.format("%-28s declared %d, running %d, DNS %s%n", s.name(), s.replicas(), running, addrs));
                if (running != s.replicas()) {
                    // the orchestrator's reason (a constraint no node meets, resources) is the actual fault
                    failures.add("REPLICAS_NOT_RUNNING", s.name() + " declares " + s.replicas() + " replica(s) (" + s.source()
                            + ") but the cluster runs " + running
                            + stack.replicaProblem(s.name()).map(p -> " (" + p + ")").orElse(""));
                }
                failures.check(distinct.size() == addrs.size(), "REPLICA_ADDRESS_TWICE", "replica DNS of " + s.name()
                        + " lists an address twice: " + addrs);
                failures.check(distinct.size() == running, "REPLICA_DNS_MISMATCH", "replica DNS of " + s.name() + " returns "
                        + distinct.size() + " address(es) " + addrs + " for " + running
                        + " running replica(s): clients would reach missing replicas or miss running ones");
            }
            context.reporter().attach("replicas per service", table.toString());
        });
        failures.throwIfAny();
        return new Result(out);
    }
}
