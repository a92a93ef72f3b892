package dev.menderharness.cluster.kubernetes;

import dev.menderharness.cluster.GatewayEndpoints;
import io.fabric8.kubernetes.api.model.IntOrString;
import io.fabric8.kubernetes.api.model.Service;
import io.fabric8.kubernetes.api.model.ServiceBuilder;
import io.fabric8.kubernetes.api.model.ServicePort;
import io.fabric8.kubernetes.api.model.ServicePortBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import java.net.URI;
import java.util.ArrayList;
import java.util.List;

/**
 * Gateway access through fixed NodePorts that the k3s container publishes to loopback. The user's
 * gateway Service is left as written: an extra NodePort Service ({@code <gateway>-harness-nodeport})
 * selects the same pods.
 */
final class NodePortAccess implements GatewayAccess {

    private final String host;
    private final int nodeHttp;
    private final int nodeHttps;
    private final int hostHttp;
    private final int hostHttps;

    /** {@code nodeHttp/nodeHttps}: NodePorts inside k3s; {@code hostHttp/hostHttps}: where the host reaches them. */
    NodePortAccess(String host, int nodeHttp, int nodeHttps, int hostHttp, int hostHttps) {
        this.host = host;
        this.nodeHttp = nodeHttp;
        this.nodeHttps = nodeHttps;
        this.hostHttp = hostHttp;
        this.hostHttps = hostHttps;
    }

    @Override
    public String plannedHttpsUrl() {
        return "https://" + host + ":" + hostHttps;
    }

    @Override
    public GatewayEndpoints open(KubernetesClient client, String namespace, String serviceName) {
        Service gateway = client.services().inNamespace(namespace).withName(serviceName).require();
        GatewayPorts ports = GatewayPorts.of(gateway);
        List<ServicePort> nodePorts = new ArrayList<>();
        if (ports.http() != null) nodePorts.add(nodePort("http", ports.http(), nodeHttp));
        if (ports.https() != null) nodePorts.add(nodePort("https", ports.https(), nodeHttps));
        Service extra = new ServiceBuilder().withNewMetadata().withName(serviceName + "-harness-nodeport")
                .withNamespace(namespace).withLabels(gateway.getMetadata().getLabels()).endMetadata()
                .withNewSpec().withType("NodePort").withSelector(gateway.getSpec().getSelector())
                .withPorts(nodePorts).endSpec().build();
        client.resource(extra).inNamespace(namespace).createOr(op -> op.update());
        return new GatewayEndpoints(URI.create("http://" + host + ":" + hostHttp), URI.create(plannedHttpsUrl()));
    }

    private static ServicePort nodePort(String name, ServicePort p, int nodePort) {
        IntOrString target = p.getTargetPort() == null ? new IntOrString(p.getPort()) : p.getTargetPort();
        return new ServicePortBuilder().withName(name).withPort(p.getPort()).withTargetPort(target)
                .withNodePort(nodePort).withProtocol("TCP").build();
    }

    @Override
    public void close() {
        // the Service goes with the namespace
    }
}
