package dev.menderharness.cluster;

/** Creates (or connects to) a cluster of one kind; registered by name in {@link ClusterProviders}. */
public interface ClusterProvider {

    /** The name users select it by: {@code -Dcluster=<name>}, {@code up --provider <name>}. */
    String name();

    Cluster create(ClusterOptions options);
}
