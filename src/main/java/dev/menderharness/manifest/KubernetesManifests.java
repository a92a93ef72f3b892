package dev.menderharness.manifest;

import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The Kubernetes form as written: every object, plus the interpreted workloads, Services, and the
 * data of ConfigMaps/Secrets (including those kustomize generates).
 *
 * @param files      the files the objects came from (kustomization resources, or every manifest found)
 * @param configMaps ConfigMap name -> key -> entry
 * @param secrets    Secret name -> key -> entry (data decoded from base64)
 */
public record KubernetesManifests(Path root, List<Path> files, List<K8sObject> objects, List<K8sWorkload> workloads,
                                  List<K8sService> services, Map<String, Map<String, DataEntry>> configMaps,
                                  Map<String, Map<String, DataEntry>> secrets) {

    /** One ConfigMap/Secret value and where it is written. */
    public record DataEntry(String value, SourceRef source) {
    }

    public Optional<K8sService> service(String name) {
        return services.stream().filter(s -> s.name().equals(name)).findFirst();
    }

    public Optional<K8sWorkload> workload(String name) {
        return workloads.stream().filter(w -> w.name().equals(name)).findFirst();
    }

    /** Workloads whose pod template labels match the Service's selector. */
    public List<K8sWorkload> selectedBy(K8sService service) {
        return workloads.stream().filter(w -> service.selects(w.podLabels())).toList();
    }

    public List<K8sObject> ofKind(String kind) {
        return objects.stream().filter(o -> o.kind().equals(kind)).toList();
    }
}
