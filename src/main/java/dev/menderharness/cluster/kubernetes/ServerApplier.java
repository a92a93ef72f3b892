package dev.menderharness.cluster.kubernetes;

import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientException;
import io.fabric8.kubernetes.client.dsl.base.PatchContext;
import io.fabric8.kubernetes.client.dsl.base.PatchType;
import java.util.ArrayList;
import java.util.List;

/**
 * Sends objects to the API server: first a server-side dry run of every object (collecting every
 * rejection, so one failure lists them all), then the real apply. Apply creates missing objects.
 * Existing workloads, ConfigMaps and Secrets are replaced whole (PUT): a variant that drops a field
 * or a container really drops it, and an unchanged pod template keeps its hash (no rollout).
 * Other kinds (Services, PVCs) get a JSON merge patch, which keeps what the server filled in
 * (clusterIP, nodePorts, a PVC's volumeName) and whose change would otherwise be refused.
 */
final class ServerApplier {

    private final KubernetesClient client;
    private final String namespace;

    ServerApplier(KubernetesClient client, String namespace) {
        this.client = client;
        this.namespace = namespace;
    }

    /** Dry-runs every object; throws {@link DryRunRejectedException} naming all rejected ones. */
    void dryRun(List<ManifestObject> objects) {
        List<String> rejections = new ArrayList<>();
        for (ManifestObject o : objects) {
            try {
                write(o.object(), true);
            } catch (KubernetesClientException e) {
                rejections.add(o.id() + " (" + o.source() + "): " + reason(e));
            }
        }
        if (!rejections.isEmpty()) {
            throw new DryRunRejectedException(namespace, rejections);
        }
    }

    /** Applies in the given order; the first failure stops with a one-line error naming the object. */
    void apply(List<ManifestObject> objects) {
        for (ManifestObject o : objects) {
            try {
                write(o.object(), false);
            } catch (KubernetesClientException e) {
                throw new IllegalStateException("apply of " + o.id() + " (" + o.source() + ") in namespace " + namespace
                        + " failed: " + reason(e), e);
            }
        }
    }

    private void write(HasMetadata object, boolean dryRun) {
        var resource = client.resource(object).inNamespace(namespace);
        boolean exists = resource.get() != null;
        if (!exists) {
            if (dryRun) resource.dryRun().create();
            else resource.create();
        } else if (PodSpecs.isWorkload(object) || KustomizeLite.isGenerated(object)) {
            if (dryRun) resource.dryRun().update();
            else resource.update();
        } else {
            var patch = PatchContext.of(PatchType.JSON_MERGE);
            if (dryRun) resource.dryRun().patch(patch, object);
            else resource.patch(patch, object);
        }
    }

    static String reason(KubernetesClientException e) {
        if (e.getStatus() != null && e.getStatus().getMessage() != null) {
            return YamlDocuments.firstLine(e.getStatus().getMessage());
        }
        return YamlDocuments.firstLine(e.getMessage());
    }
}
