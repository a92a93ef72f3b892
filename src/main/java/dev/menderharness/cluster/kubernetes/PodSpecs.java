package dev.menderharness.cluster.kubernetes;

import io.fabric8.kubernetes.api.model.Container;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.PodSpec;
import io.fabric8.kubernetes.api.model.PodTemplateSpec;
import io.fabric8.kubernetes.api.model.apps.DaemonSet;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.api.model.apps.ReplicaSet;
import io.fabric8.kubernetes.api.model.apps.StatefulSet;
import io.fabric8.kubernetes.api.model.batch.v1.CronJob;
import io.fabric8.kubernetes.api.model.batch.v1.Job;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/** The pod template inside any workload kind, so edits and lookups treat every kind alike. */
final class PodSpecs {

    private PodSpecs() {
    }

    static Optional<PodTemplateSpec> template(HasMetadata o) {
        PodTemplateSpec t = null;
        if (o instanceof Deployment d && d.getSpec() != null) t = d.getSpec().getTemplate();
        else if (o instanceof StatefulSet s && s.getSpec() != null) t = s.getSpec().getTemplate();
        else if (o instanceof DaemonSet ds && ds.getSpec() != null) t = ds.getSpec().getTemplate();
        else if (o instanceof ReplicaSet rs && rs.getSpec() != null) t = rs.getSpec().getTemplate();
        else if (o instanceof Job j && j.getSpec() != null) t = j.getSpec().getTemplate();
        else if (o instanceof CronJob cj && cj.getSpec() != null && cj.getSpec().getJobTemplate() != null
                && cj.getSpec().getJobTemplate().getSpec() != null) t = cj.getSpec().getJobTemplate().getSpec().getTemplate();
        return Optional.ofNullable(t);
    }

    static Optional<PodSpec> spec(HasMetadata o) {
        if (o instanceof Pod p) return Optional.ofNullable(p.getSpec());
        return template(o).map(PodTemplateSpec::getSpec);
    }

    /** Labels the pods of this workload carry (template labels). */
    static Map<String, String> podLabels(HasMetadata o) {
        if (o instanceof Pod p) return p.getMetadata().getLabels() == null ? Map.of() : p.getMetadata().getLabels();
        return template(o).map(t -> t.getMetadata() == null || t.getMetadata().getLabels() == null
                ? Map.<String, String>of() : t.getMetadata().getLabels()).orElse(Map.of());
    }

    /** Containers and initContainers: every place an image is named. */
    static List<Container> allContainers(PodSpec spec) {
        List<Container> all = new ArrayList<>();
        if (spec.getInitContainers() != null) all.addAll(spec.getInitContainers());
        if (spec.getContainers() != null) all.addAll(spec.getContainers());
        return all;
    }

    static boolean isWorkload(HasMetadata o) {
        return spec(o).isPresent();
    }
}
