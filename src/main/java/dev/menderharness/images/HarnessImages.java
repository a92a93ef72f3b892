package dev.menderharness.images;

/**
 * The harness's own images (not from the user's manifests), written as upstream references and
 * mapped by the {@link ImagePolicy} like every other image.
 */
public final class HarnessImages {
    /** Docker-in-Docker swarm node. */
    public static final String DIND = "docker:28.3.3-dind";
    /** Network probe (sh, getent, dig, curl, ip). */
    public static final String PROBE = "nicolaka/netshoot:v0.13";
    /** k3s node; has no fixture because k3s needs privileged containers. */
    public static final String K3S = "rancher/k3s:v1.31.5-k3s1";

    private HarnessImages() {
    }
}
