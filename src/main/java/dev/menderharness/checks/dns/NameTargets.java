package dev.menderharness.checks.dns;

import dev.menderharness.manifest.ServiceSpec;
import dev.menderharness.manifest.Topology;
import java.util.Locale;
import java.util.Optional;

/**
 * Which declared service a name should lead to: its service name, one of its aliases, its replica
 * name ({@code tasks.<svc>}), or a namespace-qualified Kubernetes name ({@code <svc>.<ns>.svc...}).
 */
public final class NameTargets {

    private NameTargets() {
    }

    public static Optional<ServiceSpec> target(Topology topology, String host) {
        String h = host.toLowerCase(Locale.ROOT);
        if (h.endsWith(".")) {
            h = h.substring(0, h.length() - 1);
        }
        Optional<ServiceSpec> direct = byNameOrAlias(topology, h);
        if (direct.isPresent()) {
            return direct;
        }
        if (h.startsWith("tasks.")) {
            return byNameOrAlias(topology, h.substring("tasks.".length()));
        }
        int dot = h.indexOf('.');
        if (dot > 0 && (h.endsWith(".svc") || h.endsWith(".svc.cluster.local"))) {
            return byNameOrAlias(topology, h.substring(0, dot));
        }
        return Optional.empty();
    }

    private static Optional<ServiceSpec> byNameOrAlias(Topology topology, String h) {
        ServiceSpec byName = topology.services().get(h);
        if (byName != null) {
            return Optional.of(byName);
        }
        return topology.services().values().stream()
                .filter(s -> s.aliases().stream().anyMatch(a -> a.equalsIgnoreCase(h)))
                .findFirst();
    }
}
