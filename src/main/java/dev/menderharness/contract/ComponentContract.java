package dev.menderharness.contract;

import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * What one Mender component reads and serves, per shared/reference/mender-contract.md §2, §3 and the
 * 4.x config.go files it cites.
 *
 * @param envKeys          every environment variable the component reads (its viper keys with the prefix)
 * @param addressDefaults  env key -> code default, for the addresses the component always uses
 * @param conditionalAddresses env key -> code default, used only when {@code condition} env is "true"
 * @param listenPorts      ports it listens on by default
 * @param healthPaths      the real liveness/health paths (empty: no HTTP health)
 */
public record ComponentContract(MenderComponent component, Set<String> envKeys, Map<String, String> addressDefaults,
                                List<Conditional> conditionalAddresses, Set<Integer> listenPorts, Set<String> healthPaths) {

    /** A default address used only when another env key enables the feature (workflows' HAVE_DEVICECONNECT). */
    public record Conditional(String key, String defaultValue, String enabledBy) {
    }

    /** Keys whose value is an address even when it is a bare host name (e.g. DEVICEAUTH_MONGO=mongo-device-auth). */
    public boolean isAddressKey(String key) {
        return addressDefaults.containsKey(key) || conditionalAddresses.stream().anyMatch(c -> c.key().equals(key))
                || key.endsWith("_ADDR") || key.equals(component.envPrefix() + "_MONGO");
    }
}
