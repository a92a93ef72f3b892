package dev.menderharness.cluster.kubernetes;

import dev.menderharness.cluster.Cluster;
import dev.menderharness.cluster.ClusterKind;
import dev.menderharness.cluster.RunningStack;
import dev.menderharness.support.Reporter;
import io.fabric8.kubernetes.api.model.Node;
import io.fabric8.kubernetes.client.KubernetesClient;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;

/**
 * What k3s and an existing cluster share: stacks deployed by {@link KubernetesStackDeployer} into
 * namespaces of their own, nodes lost by the out-of-service taint ({@link NodeLoss}). Subclasses say how the host reaches a
 * stack's gateway and what to tear down besides the namespaces.
 */
abstract class KubernetesCluster implements Cluster {

    private final String runId;
    protected final KubernetesClient client;
    protected final KubernetesStackDeployer deployer;
    protected final Reporter reporter;
    private final List<KubernetesRunningStack> stacks = new ArrayList<>();
    private boolean closed;

    KubernetesCluster(String runId, KubernetesClient client, KubernetesStackDeployer deployer) {
        this.reporter = deployer.reporter();
        this.runId = runId;
        this.client = client;
        this.deployer = deployer;
    }

    /** A fresh way in to the gateway of the next stack (a NodePort pair, a port-forward). */
    protected abstract GatewayAccess newGatewayAccess();

    /** Tears down what the cluster itself created (the k3s container; nothing for an existing cluster). */
    protected abstract void closeCluster();

    @Override
    public String runId() {
        return runId;
    }

    @Override
    public ClusterKind kind() {
        return ClusterKind.KUBERNETES;
    }

    /** Control-plane nodes first, then by name. */
    @Override
    public List<String> nodes() {
        return client.nodes().list().getItems().stream()
                .sorted(Comparator.comparing((Node n) -> n.getMetadata().getLabels() == null
                        || !n.getMetadata().getLabels().containsKey("node-role.kubernetes.io/control-plane"))
                        .thenComparing(n -> n.getMetadata().getName()))
                .map(n -> n.getMetadata().getName()).toList();
    }

    @Override
    public synchronized RunningStack deploy(Path manifestsDir, String stackName) {
        KubernetesRunningStack stack = deployer.deploy(this, manifestsDir, stackName, newGatewayAccess());
        stacks.add(stack);
        return stack;
    }

    /** The node is lost, not drained: see {@link NodeLoss}. */
    @Override
    public void stopNode(String node) {
        NodeLoss.lose(client, node, reporter);
    }

    @Override
    public void startNode(String node) {
        NodeLoss.restore(client, node, reporter);
    }

    @Override
    public synchronized void close() {
        if (closed) return;
        closed = true;
        try {
            for (KubernetesRunningStack s : stacks) {
                s.close();
            }
        } finally {
            try {
                client.close();
            } finally {
                closeCluster();
            }
        }
    }
}
