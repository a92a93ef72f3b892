package dev.menderharness.cluster;

import dev.menderharness.cluster.swarm.DindSwarmProvider;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.function.Supplier;

/**
 * The cluster providers by name. System property {@code cluster} selects one (default {@code swarm}).
 * Kubernetes providers ({@code k3s}, {@code kubeconfig}) register here too: add one line each below.
 */
public final class ClusterProviders {

    public static final String DEFAULT = "swarm";

    private static final Map<String, Supplier<ClusterProvider>> PROVIDERS = new LinkedHashMap<>();

    static {
        PROVIDERS.put("swarm", DindSwarmProvider::new);
        PROVIDERS.put("k3s", dev.menderharness.cluster.kubernetes.K3sProvider::new);
        PROVIDERS.put("kubeconfig", dev.menderharness.cluster.kubernetes.KubeconfigProvider::new);
        PROVIDERS.put("docker-host", dev.menderharness.cluster.swarm.DockerHostProvider::new);
    }

    private ClusterProviders() {
    }

    public static ClusterProvider get(String name) {
        Supplier<ClusterProvider> p = PROVIDERS.get(name);
        if (p == null) {
            throw new IllegalArgumentException("unknown cluster provider '" + name + "'; known: "
                    + String.join(", ", PROVIDERS.keySet()));
        }
        return p.get();
    }

    /** The provider named by system property {@code cluster}, default {@value #DEFAULT}. */
    public static ClusterProvider fromSystemProperties() {
        return get(System.getProperty("cluster", DEFAULT));
    }

    /** For providers living outside this package (or tests). */
    public static void register(String name, Supplier<ClusterProvider> provider) {
        PROVIDERS.put(name, provider);
    }

    public static java.util.Set<String> names() {
        return java.util.Collections.unmodifiableSet(PROVIDERS.keySet());
    }
}
