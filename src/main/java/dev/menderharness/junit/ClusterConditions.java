package dev.menderharness.junit;

import dev.menderharness.cluster.ClusterKind;
import dev.menderharness.cluster.ClusterProviders;
import java.lang.reflect.AnnotatedElement;
import java.util.List;
import java.util.Optional;
import org.junit.platform.commons.support.AnnotationSupport;

/** {@link RequiresCluster} and {@link RequiresNodes}: why an element does not apply to this run, in one line. */
final class ClusterConditions {

    private ClusterConditions() {
    }

    /** Decided from the provider's kind alone, before a cluster starts. */
    static Optional<String> kindMismatch(AnnotatedElement element, String provider) {
        Optional<RequiresCluster> r = AnnotationSupport.findAnnotation(element, RequiresCluster.class);
        if (r.isEmpty()) return Optional.empty();
        ClusterKind kind = ClusterProviders.get(provider).kind();
        if (kind == r.get().value()) return Optional.empty();
        return Optional.of("applies to " + name(r.get().value()) + " clusters only"
                + (r.get().because().isBlank() ? "" : " (" + r.get().because() + ")")
                + "; -Dcluster=" + provider + " is " + name(kind));
    }

    /** Decided from the running cluster's nodes. */
    static Optional<String> tooFewNodes(AnnotatedElement element, List<String> nodes) {
        Optional<RequiresNodes> r = AnnotationSupport.findAnnotation(element, RequiresNodes.class);
        if (r.isEmpty() || nodes.size() >= r.get().value()) return Optional.empty();
        return Optional.of("needs at least " + r.get().value() + " nodes; this cluster has " + nodes.size() + " " + nodes);
    }

    private static String name(ClusterKind kind) {
        return kind == ClusterKind.SWARM ? "Swarm" : "Kubernetes";
    }
}
