package dev.menderharness.cluster.kubernetes;

import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.LabelSelector;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.api.model.apps.StatefulSet;
import io.fabric8.kubernetes.client.KubernetesClient;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/** Live workloads (Deployments and StatefulSets) of one namespace and the pods they own. */
final class Workloads {

    private final KubernetesClient client;
    private final String namespace;

    Workloads(KubernetesClient client, String namespace) {
        this.client = client;
        this.namespace = namespace;
    }

    Optional<HasMetadata> find(String name) {
        Deployment d = client.apps().deployments().inNamespace(namespace).withName(name).get();
        if (d != null) return Optional.of(d);
        return Optional.ofNullable(client.apps().statefulSets().inNamespace(namespace).withName(name).get());
    }

    HasMetadata require(String name) {
        return find(name).orElseThrow(() -> new IllegalArgumentException(
                "no Deployment or StatefulSet named " + name + " in namespace " + namespace));
    }

    List<HasMetadata> all() {
        List<HasMetadata> all = new java.util.ArrayList<>();
        all.addAll(client.apps().deployments().inNamespace(namespace).list().getItems());
        all.addAll(client.apps().statefulSets().inNamespace(namespace).list().getItems());
        return all;
    }

    /** Pods selected by the workload's selector (matchLabels), not yet being deleted. */
    List<Pod> pods(HasMetadata workload) {
        LabelSelector selector = workload instanceof Deployment d ? d.getSpec().getSelector()
                : ((StatefulSet) workload).getSpec().getSelector();
        Map<String, String> labels = selector == null || selector.getMatchLabels() == null ? Map.of() : selector.getMatchLabels();
        if (labels.isEmpty()) return List.of();
        return client.pods().inNamespace(namespace).withLabels(labels).list().getItems().stream()
                .filter(p -> p.getMetadata().getDeletionTimestamp() == null).toList();
    }

    static int desired(HasMetadata w) {
        Integer r = w instanceof Deployment d ? d.getSpec().getReplicas() : ((StatefulSet) w).getSpec().getReplicas();
        return r == null ? 1 : r;
    }

    static String id(HasMetadata w) {
        return w.getKind() + "/" + w.getMetadata().getName();
    }
}
