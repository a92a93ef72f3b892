package dev.menderharness.cluster.kubernetes;

import dev.menderharness.support.Reporter;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.dsl.base.PatchContext;
import io.fabric8.kubernetes.client.dsl.base.PatchType;
import java.util.List;

/**
 * A node "stops" the Kubernetes way: cordoned (unschedulable) and drained (its pods evicted, so
 * PodDisruptionBudgets are honoured, DaemonSet pods left alone); "starts" again when uncordoned.
 */
final class NodeDrain {

    private NodeDrain() {
    }

    static void cordonAndDrain(KubernetesClient client, String node, Reporter reporter) {
        client.nodes().withName(node).patch(PatchContext.of(PatchType.JSON_MERGE), "{\"spec\":{\"unschedulable\":true}}");
        List<Pod> pods = client.pods().inAnyNamespace().withField("spec.nodeName", node).list().getItems();
        int evicted = 0;
        for (Pod p : pods) {
            boolean daemon = p.getMetadata().getOwnerReferences() != null && p.getMetadata().getOwnerReferences().stream()
                    .anyMatch(o -> "DaemonSet".equals(o.getKind()));
            if (daemon) continue;
            if (client.pods().inNamespace(p.getMetadata().getNamespace()).withName(p.getMetadata().getName()).evict()) {
                evicted++;
            }
        }
        reporter.progress("node " + node + " cordoned and drained (" + evicted + " pods evicted)");
    }

    static void uncordon(KubernetesClient client, String node, Reporter reporter) {
        client.nodes().withName(node).patch(PatchContext.of(PatchType.JSON_MERGE), "{\"spec\":{\"unschedulable\":false}}");
        reporter.progress("node " + node + " uncordoned");
    }
}
