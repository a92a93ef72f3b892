package dev.menderharness.cluster;

import java.util.Map;
import java.util.ServiceLoader;
import java.util.Set;
import java.util.TreeMap;

/** The cluster providers on the class path, by name ({@code -Dcluster}, {@code up --provider}). */
public final class ClusterProviders {

    private ClusterProviders() {
    }

    private static Map<String, ClusterProvider> all() {
        Map<String, ClusterProvider> byName = new TreeMap<>();
        for (ClusterProvider p : ServiceLoader.load(ClusterProvider.class, ClusterProviders.class.getClassLoader())) {
            byName.put(p.name(), p);
        }
        return byName;
    }

    /** The provider named {@code name}, or a one-line error listing the known ones. */
    public static ClusterProvider get(String name) {
        Map<String, ClusterProvider> all = all();
        ClusterProvider p = all.get(name);
        if (p == null) {
            throw new IllegalArgumentException("unknown cluster provider '" + name + "'; known: " + String.join(", ", all.keySet()));
        }
        return p;
    }

    public static Set<String> names() {
        return all().keySet();
    }
}
