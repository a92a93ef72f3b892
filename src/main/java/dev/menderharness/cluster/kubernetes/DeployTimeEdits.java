package dev.menderharness.cluster.kubernetes;

import dev.menderharness.contract.MenderComponent;
import dev.menderharness.support.Reporter;
import io.fabric8.kubernetes.api.model.Container;
import io.fabric8.kubernetes.api.model.EnvVar;
import io.fabric8.kubernetes.api.model.HasMetadata;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.UnaryOperator;

/**
 * Deploy-time settings applied to the objects in memory (never to the user's files), each logged:
 * the image policy on every container and initContainer, the gateway's {@code MENDER_EXTERNAL_URL},
 * the run's namespace and run label.
 */
final class DeployTimeEdits {

    static final String RUN_LABEL = "dev.menderharness.run";
    static final String EXTERNAL_URL_ENV = "MENDER_EXTERNAL_URL";

    private DeployTimeEdits() {
    }

    /** Maps every image through {@code policy}; returns one line per changed image (logged by the caller). */
    static List<String> applyImagePolicy(List<ManifestObject> objects, UnaryOperator<String> policy) {
        List<String> changes = new ArrayList<>();
        for (ManifestObject o : objects) {
            PodSpecs.spec(o.object()).ifPresent(spec -> {
                for (Container c : PodSpecs.allContainers(spec)) {
                    String mapped = policy.apply(c.getImage());
                    if (!mapped.equals(c.getImage())) {
                        changes.add(o.id() + " container " + c.getName() + ": " + c.getImage() + " -> " + mapped);
                        c.setImage(mapped);
                    }
                }
            });
        }
        return changes;
    }

    /** Sets {@code MENDER_EXTERNAL_URL} on the gateway workload's containers (found by image, not name). */
    static Optional<String> setGatewayExternalUrl(List<ManifestObject> objects, String url) {
        for (ManifestObject o : objects) {
            Optional<String> set = PodSpecs.spec(o.object()).flatMap(spec -> {
                for (Container c : spec.getContainers()) {
                    if (c.getImage() != null && MenderComponent.GATEWAY.matchesImage(c.getImage())) {
                        List<EnvVar> env = c.getEnv() == null ? new ArrayList<>() : new ArrayList<>(c.getEnv());
                        env.removeIf(e -> EXTERNAL_URL_ENV.equals(e.getName()));
                        env.add(new EnvVar(EXTERNAL_URL_ENV, url, null));
                        c.setEnv(env);
                        return Optional.of(o.id() + " container " + c.getName() + ": " + EXTERNAL_URL_ENV + "=" + url);
                    }
                }
                return Optional.empty();
            });
            if (set.isPresent()) return set;
        }
        return Optional.empty();
    }

    /** Puts every object into {@code namespace} and labels it with the run id. */
    static void placeInNamespace(List<ManifestObject> objects, String namespace, String runId, Reporter reporter) {
        for (ManifestObject o : objects) {
            HasMetadata m = o.object();
            if (m.getMetadata().getNamespace() != null && !m.getMetadata().getNamespace().equals(namespace)) {
                reporter.progress(o.id() + ": namespace " + m.getMetadata().getNamespace() + " replaced by the run's " + namespace);
            }
            m.getMetadata().setNamespace(namespace);
            Map<String, String> labels = m.getMetadata().getLabels() == null
                    ? new java.util.LinkedHashMap<>() : new java.util.LinkedHashMap<>(m.getMetadata().getLabels());
            labels.put(RUN_LABEL, runId);
            m.getMetadata().setLabels(labels);
        }
    }
}
