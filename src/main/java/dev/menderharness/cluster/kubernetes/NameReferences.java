package dev.menderharness.cluster.kubernetes;

import io.fabric8.kubernetes.api.model.Container;
import io.fabric8.kubernetes.api.model.EnvFromSource;
import io.fabric8.kubernetes.api.model.EnvVar;
import io.fabric8.kubernetes.api.model.PodSpec;
import io.fabric8.kubernetes.api.model.Volume;
import io.fabric8.kubernetes.api.model.VolumeProjection;
import java.util.List;
import java.util.Map;

/** Rewrites references to generated ConfigMaps/Secrets to their hashed names, as kustomize does. */
final class NameReferences {

    private NameReferences() {
    }

    /** {@code renames}: {@code ConfigMap/name} or {@code Secret/name} to the generated name. */
    static void rename(List<ManifestObject> objects, Map<String, String> renames) {
        if (renames.isEmpty()) return;
        for (ManifestObject o : objects) {
            PodSpecs.spec(o.object()).ifPresent(spec -> rename(spec, renames));
        }
    }

    private static void rename(PodSpec spec, Map<String, String> r) {
        if (spec.getVolumes() != null) {
            for (Volume v : spec.getVolumes()) {
                if (v.getConfigMap() != null) v.getConfigMap().setName(cm(r, v.getConfigMap().getName()));
                if (v.getSecret() != null) v.getSecret().setSecretName(secret(r, v.getSecret().getSecretName()));
                if (v.getProjected() != null && v.getProjected().getSources() != null) {
                    for (VolumeProjection p : v.getProjected().getSources()) {
                        if (p.getConfigMap() != null) p.getConfigMap().setName(cm(r, p.getConfigMap().getName()));
                        if (p.getSecret() != null) p.getSecret().setName(secret(r, p.getSecret().getName()));
                    }
                }
            }
        }
        if (spec.getImagePullSecrets() != null) {
            spec.getImagePullSecrets().forEach(s -> s.setName(secret(r, s.getName())));
        }
        for (Container c : PodSpecs.allContainers(spec)) {
            if (c.getEnv() != null) {
                for (EnvVar e : c.getEnv()) {
                    if (e.getValueFrom() == null) continue;
                    if (e.getValueFrom().getConfigMapKeyRef() != null) {
                        e.getValueFrom().getConfigMapKeyRef().setName(cm(r, e.getValueFrom().getConfigMapKeyRef().getName()));
                    }
                    if (e.getValueFrom().getSecretKeyRef() != null) {
                        e.getValueFrom().getSecretKeyRef().setName(secret(r, e.getValueFrom().getSecretKeyRef().getName()));
                    }
                }
            }
            if (c.getEnvFrom() != null) {
                for (EnvFromSource e : c.getEnvFrom()) {
                    if (e.getConfigMapRef() != null) e.getConfigMapRef().setName(cm(r, e.getConfigMapRef().getName()));
                    if (e.getSecretRef() != null) e.getSecretRef().setName(secret(r, e.getSecretRef().getName()));
                }
            }
        }
    }

    private static String cm(Map<String, String> r, String name) {
        return r.getOrDefault("ConfigMap/" + name, name);
    }

    private static String secret(Map<String, String> r, String name) {
        return r.getOrDefault("Secret/" + name, name);
    }
}
