package dev.menderharness.cluster.kubernetes;

import static org.assertj.core.api.Assertions.assertThat;

import dev.menderharness.support.Reporter;
import io.fabric8.kubernetes.api.model.NodeBuilder;
import io.fabric8.kubernetes.api.model.PodBuilder;
import io.fabric8.kubernetes.api.model.Taint;
import io.fabric8.kubernetes.api.model.TaintBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.server.mock.EnableKubernetesMockClient;
import io.fabric8.kubernetes.client.server.mock.KubernetesMockServer;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * Losing a Kubernetes node is the out-of-service taint (the pods on it are deleted by the taint
 * eviction controller, nothing is scheduled there), not a cordon and polite drain: the harness neither
 * marks it unschedulable nor evicts pods itself, and starting it again removes only its own taint.
 */
@EnableKubernetesMockClient(crud = true, https = false)
class NodeLossTest {

    KubernetesMockServer server;
    KubernetesClient client;

    private void node(String name, Taint... taints) {
        client.resource(new NodeBuilder().withNewMetadata().withName(name).endMetadata()
                .withNewSpec().withTaints(taints).endSpec().build()).create();
        client.resource(new PodBuilder().withNewMetadata().withName("mender-deployments-1").withNamespace("mh-t1-ref").endMetadata()
                .withNewSpec().withNodeName(name).endSpec().build()).create();
    }

    @Test
    void losingANodeTaintsItOutOfServiceWithoutDrainingIt() {
        Taint other = new TaintBuilder().withKey("dedicated").withValue("mender").withEffect("NoSchedule").build();
        node("node-2", other);

        NodeLoss.lose(client, "node-2", Reporter.console());

        var spec = client.nodes().withName("node-2").get().getSpec();
        assertThat(spec.getTaints()).extracting(Taint::getKey, Taint::getValue, Taint::getEffect).containsExactlyInAnyOrder(
                org.assertj.core.groups.Tuple.tuple("dedicated", "mender", "NoSchedule"),
                org.assertj.core.groups.Tuple.tuple("node.kubernetes.io/out-of-service", "nodeshutdown", "NoExecute"));
        // not the old cordon + drain: no unschedulable flag, no eviction by the harness (the taint eviction
        // controller deletes the pods; the mock server has none, so the pod is still there)
        assertThat(spec.getUnschedulable()).isNotEqualTo(Boolean.TRUE);
        assertThat(server.getRequestCount()).isPositive();
        assertThat(client.pods().inNamespace("mh-t1-ref").withName("mender-deployments-1").get()).isNotNull();

        NodeLoss.lose(client, "node-2", Reporter.console()); // twice: still one taint of ours
        assertThat(client.nodes().withName("node-2").get().getSpec().getTaints()).hasSize(2);

        NodeLoss.restore(client, "node-2", Reporter.console());
        assertThat(client.nodes().withName("node-2").get().getSpec().getTaints()).extracting(Taint::getKey)
                .containsExactly("dedicated");
    }

    @Test
    void theClusterLosesAndRestoresNodesThatWay() {
        node("node-3");
        NodeLoss.lose(client, "node-3", Reporter.console());
        assertThat(client.nodes().withName("node-3").get().getSpec().getTaints()).extracting(Taint::getKey)
                .isEqualTo(List.of(NodeLoss.KEY));
        NodeLoss.restore(client, "node-3", Reporter.console());
        assertThat(client.nodes().withName("node-3").get().getSpec().getTaints()).isEmpty();
    }
}
