package dev.menderharness.checks;

import dev.menderharness.contract.MenderComponent;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Code defaults of the address keys Mender services read (shared/reference/mender-contract.md §2):
 * when a manifest leaves such a key unset, the service still resolves the default name, so that name
 * must exist in the cluster (aliases on Swarm, Services on Kubernetes).
 */
public final class ContractDefaults {

    private static final Map<MenderComponent, Map<String, String>> DEFAULTS = Map.of(
            MenderComponent.DEPLOYMENTS, ordered(
                    "DEPLOYMENTS_MONGO_URL", "mongodb://mongo-deployments:27017",
                    "DEPLOYMENTS_INVENTORY_ADDR", "http://mender-inventory:8080",
                    "DEPLOYMENTS_MENDER_WORKFLOWS", "http://mender-workflows-server:8080"),
            MenderComponent.DEVICEAUTH, ordered(
                    "DEVICEAUTH_MONGO", "mongo-device-auth",
                    "DEVICEAUTH_INVENTORY_ADDR", "http://mender-inventory:8080/",
                    "DEVICEAUTH_ORCHESTRATOR_ADDR", "http://mender-workflows-server:8080/"),
            MenderComponent.USERADM, ordered(
                    "USERADM_MONGO", "mongo-useradm"),
            MenderComponent.INVENTORY, ordered(
                    "INVENTORY_MONGO", "mongo-inventory:27017",
                    "INVENTORY_ORCHESTRATOR_ADDR", "http://mender-workflows-server:8080"),
            MenderComponent.WORKFLOWS, ordered(
                    "WORKFLOWS_MONGO_URL", "mongodb://mender-mongo:27017",
                    "WORKFLOWS_NATS_URI", "nats://mender-nats:4222"));

    private ContractDefaults() {
    }

    /** Address keys and their code defaults for {@code component}; empty for non-Mender parts. */
    public static Map<String, String> addressDefaults(MenderComponent component) {
        return DEFAULTS.getOrDefault(component, Map.of());
    }

    private static Map<String, String> ordered(String... kv) {
        Map<String, String> m = new LinkedHashMap<>();
        for (int i = 0; i < kv.length; i += 2) {
            m.put(kv[i], kv[i + 1]);
        }
        return m;
    }
}
