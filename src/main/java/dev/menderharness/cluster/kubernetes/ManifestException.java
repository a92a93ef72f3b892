package dev.menderharness.cluster.kubernetes;

/** A user mistake in the Kubernetes manifests or kustomization: one line naming what and where. */
public class ManifestException extends RuntimeException {

    public ManifestException(String oneLine) {
        super(oneLine);
    }
}
