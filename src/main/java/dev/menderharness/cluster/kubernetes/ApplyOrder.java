package dev.menderharness.cluster.kubernetes;

import java.util.Comparator;
import java.util.List;
import java.util.Map;

/**
 * The order objects are applied in, so nothing starts before what it mounts or resolves exists:
 * Namespace, then accounts and RBAC, ConfigMap/Secret/PVC, Services, workloads, everything else.
 * Stable within a rank (file order). Objects of a Helm chart's pre-install/pre-upgrade hooks come
 * first, by hook weight, as helm install creates them; post-install hooks last.
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
        return objects.stream().sorted(Comparator.comparingInt(ApplyOrder::hookPhase).thenComparingInt(ApplyOrder::hookWeight)
                .thenComparingInt(o -> rank(o.kind()))).toList();
    }

    /** 0 pre-install hook, 1 regular object, 2 post-install hook. */
    static int hookPhase(ManifestObject o) {
        String hook = annotation(o, "helm.sh/hook");
        if (hook == null) return 1;
        return hook.contains("pre-install") || hook.contains("pre-upgrade") ? 0 : 2;
    }

    static int hookWeight(ManifestObject o) {
        String w = annotation(o, "helm.sh/hook-weight");
        try {
            return w == null || hookPhase(o) == 1 ? 0 : Integer.parseInt(w.trim());
        } catch (NumberFormatException e) {
            return 0;
        }
    }

    private static String annotation(ManifestObject o, String key) {
        Map<String, String> a = o.object().getMetadata() == null ? null : o.object().getMetadata().getAnnotations();
        return a == null ? null : a.get(key);
    }
}
