package dev.menderharness.cluster.kubernetes;

import java.util.Comparator;
import java.util.List;
import java.util.Map;

/**
 * The order objects are applied in, so nothing starts before what it mounts or resolves exists:
 * Namespace, then accounts and RBAC, ConfigMap/Secret/PVC, Services, workloads, everything else.
 * Stable within a rank (file order).
 */
public final class ApplyOrder {

    private static final Map<String, Integer> RANK = Map.ofEntries(
            Map.entry("Namespace", 0),
            Map.entry("ServiceAccount", 1), Map.entry("Role", 1), Map.entry("RoleBinding", 1),
            Map.entry("ClusterRole", 1), Map.entry("ClusterRoleBinding", 1), Map.entry("StorageClass", 1),
            Map.entry("ConfigMap", 2), Map.entry("Secret", 2), Map.entry("PersistentVolume", 2),
            Map.entry("PersistentVolumeClaim", 2),
            Map.entry("Service", 3),
            Map.entry("Deployment", 4), Map.entry("StatefulSet", 4), Map.entry("DaemonSet", 4),
            Map.entry("ReplicaSet", 4), Map.entry("Pod", 4), Map.entry("Job", 4), Map.entry("CronJob", 4));

    private ApplyOrder() {
    }

    public static int rank(String kind) {
        return RANK.getOrDefault(kind, 5);
    }

    public static List<ManifestObject> sort(List<ManifestObject> objects) {
        return objects.stream().sorted(Comparator.comparingInt(o -> rank(o.kind()))).toList();
    }
}
