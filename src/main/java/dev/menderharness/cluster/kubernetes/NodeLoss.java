package dev.menderharness.cluster.kubernetes;

import dev.menderharness.support.Reporter;
import io.fabric8.kubernetes.api.model.Node;
import io.fabric8.kubernetes.api.model.Taint;
import io.fabric8.kubernetes.api.model.TaintBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import java.util.ArrayList;
import java.util.List;

/**
 * A node "lost" the way Kubernetes handles a machine that is gone, not a polite drain: the node gets
 * the taint {@code node.kubernetes.io/out-of-service=nodeshutdown:NoExecute}, the one an administrator
 * puts on a node that shut down or failed (non-graceful node shutdown, GA in 1.28). Every pod on it
 * without a matching toleration is deleted at once by the taint eviction controller, regardless of
 * PodDisruptionBudgets, volumes are detached, and nothing is scheduled there while it is set; the
 * workloads' controllers create replacements elsewhere.
 *
 * <p>Not {@code node.kubernetes.io/unreachable:NoExecute}: on a node whose kubelet still reports Ready
 * the node lifecycle controller removes that taint again within seconds, and pods tolerate it for 300 s
 * by default (DefaultTolerationSeconds), so nothing would move within the check's limit. Not a k3s agent
 * container stopped: the k3s provider runs one node.
 *
 * <p>"Starting" the node again removes the taint.
 */
final class NodeLoss {

    static final String KEY = "node.kubernetes.io/out-of-service";
    static final String VALUE = "nodeshutdown";
    static final String EFFECT = "NoExecute";

    private NodeLoss() {
    }

    static void lose(KubernetesClient client, String node, Reporter reporter) {
        int pods = client.pods().inAnyNamespace().withField("spec.nodeName", node).list().getItems().size();
        client.nodes().withName(node).edit(n -> {
            List<Taint> taints = taints(n);
            if (taints.stream().noneMatch(NodeLoss::ours)) {
                taints.add(new TaintBuilder().withKey(KEY).withValue(VALUE).withEffect(EFFECT).build());
            }
            n.getSpec().setTaints(taints);
            return n;
        });
        reporter.progress("node " + node + " lost: tainted " + KEY + "=" + VALUE + ":" + EFFECT + " (" + pods
                + " pods on it are deleted by the taint eviction controller)");
    }

    static void restore(KubernetesClient client, String node, Reporter reporter) {
        client.nodes().withName(node).edit(n -> {
            List<Taint> taints = taints(n);
            taints.removeIf(NodeLoss::ours);
            n.getSpec().setTaints(taints);
            return n;
        });
        reporter.progress("node " + node + " back: taint " + KEY + " removed");
    }

    private static List<Taint> taints(Node n) {
        if (n.getSpec() == null) {
            n.setSpec(new io.fabric8.kubernetes.api.model.NodeSpec());
        }
        return n.getSpec().getTaints() == null ? new ArrayList<>() : new ArrayList<>(n.getSpec().getTaints());
    }

    private static boolean ours(Taint t) {
        return KEY.equals(t.getKey()) && EFFECT.equals(t.getEffect());
    }
}
