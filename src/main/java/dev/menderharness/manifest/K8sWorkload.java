package dev.menderharness.manifest;

import java.util.List;
import java.util.Map;

/**
 * A workload with a pod template (Deployment, StatefulSet, DaemonSet, ReplicaSet, Job, Pod).
 *
 * @param replicas declared replicas (1 when absent; DaemonSet counts as 1)
 */
public record K8sWorkload(K8sObject object, Map<String, String> podLabels, int replicas,
                          String restartPolicy, List<K8sContainer> containers, List<K8sContainer> initContainers) {
    public String name() { return object.name(); }

    public String kind() { return object.kind(); }

    /** The first regular container: the one that runs the service. */
    public K8sContainer main() { return containers.isEmpty() ? null : containers.get(0); }
}
