package dev.menderharness.images;

/** PLACEHOLDER until branch {@code images} lands (it owns this class). */
public final class HarnessImages {
    public static final String DIND = "docker:28.3.3-dind";
    public static final String PROBE = "nicolaka/netshoot:v0.13";
    public static final String K3S = "rancher/k3s:v1.31.5-k3s1";

    private HarnessImages() {
    }
}
