package dev.menderharness.junit;

/**
 * The JUnit tags that select areas ({@code -Dgroups=dns,gateway}); every cluster suite carries
 * exactly one area tag. The k3s workflow selects by exclusion, so a new area is never left out there.
 */
public final class Tags {

    public static final String DNS = "dns";
    public static final String GATEWAY = "gateway";
    public static final String STORAGE = "storage";
    public static final String SCALING = "scaling";
    public static final String RECOVERY = "recovery";
    /** Fixture images against what they stand in for (fixture mode). */
    public static final String CONTRACT = "contract";
    /** The k3s provider's own suite. */
    public static final String K3S = "k3s";
    /** Suites that need the DinD swarm provider (bring-up, redeploy, killed runs); Swarm clusters only. */
    public static final String SWARM = "swarm";
    /** Killed and interrupted runs, and hostile input: nothing left behind, one-line errors. */
    public static final String FAULTS = "faults";
    /** Every {@link MenderClusterTest} class. */
    public static final String CLUSTER = "cluster";

    private Tags() {
    }
}
