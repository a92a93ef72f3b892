package dev.menderharness.contract;

import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * What one Mender component reads and serves, per docs/mender-contract.md §2, §3 and the
 * 4.x config.go files it cites.
 *
 * @param envKeys          every environment variable the component reads (its viper keys with the prefix)
 * @param addressDefaults  env key -> code default, for the addresses the component always uses
 * @param conditionalAddresses env key -> code default, used only when {@code condition} env is "true"
 * @param listenPorts      ports it listens on by default
 * @param healthPaths      the real liveness/health paths (empty: no HTTP health)
 * @param catalogue        the {@link EnvCatalogue} services whose keys {@code envKeys} are
 */
public record ComponentContract(MenderComponent component, Set<String> envKeys, Map<String, String> addressDefaults,
                                List<Conditional> conditionalAddresses, Set<Integer> listenPorts, Set<String> healthPaths,
                                List<String> catalogue) {

    /**
     * A default address used only when another env key enables the feature (the worker's
     * HAVE_DEVICECONNECT: any non-empty value; inventory's INVENTORY_ENABLE_REPORTING: true).
     */
    public record Conditional(String key, String defaultValue, String enabledBy) {
        /** Whether {@code value} of {@code enabledBy} switches the feature on, as the service reads it. */
        public boolean enabledBy(String value) {
            if (value == null || value.isEmpty()) return false;
            // The worker's ${env.HAVE_*} requires only a non-empty value; viper booleans need "true"/"1".
            return enabledBy.startsWith("HAVE_") || value.equalsIgnoreCase("true") || value.equals("1");
        }
    }

    /** The catalogue entry of {@code key} for this component, if it reads it. */
    public java.util.Optional<EnvCatalogue.Key> catalogueKey(String key) {
        EnvCatalogue cat = EnvCatalogue.get();
        for (String s : catalogue) {
            EnvCatalogue.Key k = cat.keys(s).get(key);
            if (k != null) return java.util.Optional.of(k);
        }
        return java.util.Optional.ofNullable(cat.shared().get(key)).filter(k -> envKeys.contains(key));
    }

    /** Keys whose value is an address even when it is a bare host name (e.g. DEVICEAUTH_MONGO=mongo-device-auth). */
    public boolean isAddressKey(String key) {
        return addressDefaults.containsKey(key) || conditionalAddresses.stream().anyMatch(c -> c.key().equals(key))
                || key.endsWith("_ADDR") || key.equals(component.envPrefix() + "_MONGO");
    }
}
