package dev.menderharness.checks;

import dev.menderharness.cluster.RunningStack;
import dev.menderharness.contract.MenderComponent;
import dev.menderharness.manifest.ServiceSpec;
import dev.menderharness.manifest.Topology;

/**
 * Finds the service playing a contract role (useradm, the gateway, ...) in the deployed topology, by
 * image repository, so user manifests may name their services freely.
 */
public final class StackRoles {

    private StackRoles() {
    }

    public static ServiceSpec service(Topology topology, MenderComponent role) {
        return topology.serviceOf(role).orElseThrow(() -> new CheckFailure("SERVICE_MISSING",
                "no service in " + topology.root() + " runs " + role.imageRepository()
                        + " (" + role.name().toLowerCase() + "); the check needs one"));
    }

    public static String serviceName(RunningStack stack, MenderComponent role) {
        return service(stack.topology(), role).name();
    }
}
