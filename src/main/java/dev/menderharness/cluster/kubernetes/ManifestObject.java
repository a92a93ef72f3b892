package dev.menderharness.cluster.kubernetes;

import dev.menderharness.manifest.SourceRef;
import io.fabric8.kubernetes.api.model.HasMetadata;

/** One Kubernetes object read from the manifests, with the file and line it came from. */
public record ManifestObject(HasMetadata object, SourceRef source) {

    public String kind() {
        return object.getKind();
    }

    public String name() {
        return object.getMetadata().getName();
    }

    /** {@code Kind/name}, the way kubectl names objects in its messages. */
    public String id() {
        return kind() + "/" + name();
    }
}
