package dev.menderharness.checks;

import dev.menderharness.cluster.ExecResult;
import dev.menderharness.cluster.RunningStack;
import java.util.Collection;
import java.util.Set;
import java.util.TreeSet;

/**
 * Whether a service's name leads a client to a virtual address (a Swarm VIP, a Kubernetes ClusterIP)
 * rather than to the replicas' own addresses. Behind a virtual address the orchestrator picks the
 * replica of each connection and drains the ones that go away, so a gateway that caches or pins
 * upstream addresses cannot show its fault there: variant tests use this to abort with the reason
 * instead of passing or failing for the wrong one.
 */
public final class VirtualNames {

    private VirtualNames() {
    }

    /**
     * True when {@code name}, resolved from {@code client}'s network, gives addresses none of which is
     * in {@code replicas}; the lookup is attached to the report.
     */
    public static boolean isVirtual(CheckContext context, String client, String name, Collection<String> replicas) {
        RunningStack stack = context.stack();
        ExecResult r = stack.probe(client, "getent", "ahostsv4", name);
        Set<String> resolved = new TreeSet<>();
        r.stdout().lines().map(l -> l.trim().split("\\s+")[0]).filter(a -> !a.isBlank()).forEach(resolved::add);
        context.reporter().attach("getent ahostsv4 " + name + " from " + client + "'s network (replicas " + replicas + ")",
                "exit " + r.exitCode() + "\n" + r.stdout());
        return !resolved.isEmpty() && resolved.stream().noneMatch(replicas::contains);
    }
}
