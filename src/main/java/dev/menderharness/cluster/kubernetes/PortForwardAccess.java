package dev.menderharness.cluster.kubernetes;

import dev.menderharness.cluster.GatewayEndpoints;
import io.fabric8.kubernetes.api.model.Container;
import io.fabric8.kubernetes.api.model.ContainerPort;
import io.fabric8.kubernetes.api.model.IntOrString;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.Service;
import io.fabric8.kubernetes.api.model.ServicePort;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.LocalPortForward;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.ServerSocket;
import java.net.URI;
import java.util.ArrayList;
import java.util.List;

/**
 * Gateway access for existing clusters: port-forwards through the API server to one running gateway
 * pod on two loopback ports chosen up front (so MENDER_EXTERNAL_URL is known before the deploy).
 * Re-forwards to a new pod when the old one is gone (after a restart or kill).
 */
final class PortForwardAccess implements GatewayAccess {

    private final int localHttp;
    private final int localHttps;
    private final List<LocalPortForward> forwards = new ArrayList<>();
    private String forwardedPod;

    PortForwardAccess() {
        this.localHttp = freePort();
        this.localHttps = freePort();
    }

    @Override
    public String plannedHttpsUrl() {
        return "https://localhost:" + localHttps;
    }

    @Override
    public synchronized GatewayEndpoints open(KubernetesClient client, String namespace, String serviceName) {
        Service gateway = client.services().inNamespace(namespace).withName(serviceName).require();
        GatewayPorts ports = GatewayPorts.of(gateway);
        boolean alive = forwardedPod != null && !forwards.isEmpty() && forwards.stream().allMatch(LocalPortForward::isAlive)
                && client.pods().inNamespace(namespace).withName(forwardedPod).get() != null;
        if (!alive) {
            close();
            Pod pod = client.pods().inNamespace(namespace).withLabels(gateway.getSpec().getSelector()).list().getItems()
                    .stream().filter(p -> p.getStatus() != null && "Running".equals(p.getStatus().getPhase())
                            && p.getMetadata().getDeletionTimestamp() == null)
                    .findFirst().orElseThrow(() -> new IllegalStateException("no running pod behind gateway Service "
                            + serviceName + " in namespace " + namespace + " to port-forward to"));
            var target = client.pods().inNamespace(namespace).withName(pod.getMetadata().getName());
            if (ports.http() != null) forwards.add(target.portForward(containerPort(pod, ports.http()), localHttp));
            if (ports.https() != null) forwards.add(target.portForward(containerPort(pod, ports.https()), localHttps));
            forwardedPod = pod.getMetadata().getName();
        }
        return new GatewayEndpoints(URI.create("http://localhost:" + localHttp), URI.create(plannedHttpsUrl()));
    }

    /** The pod port a Service port targets (numeric targetPort, or the container port of that name). */
    static int containerPort(Pod pod, ServicePort sp) {
        IntOrString t = sp.getTargetPort();
        if (t == null) return sp.getPort();
        if (t.getIntVal() != null) return t.getIntVal();
        for (Container c : pod.getSpec().getContainers()) {
            if (c.getPorts() == null) continue;
            for (ContainerPort cp : c.getPorts()) {
                if (t.getStrVal().equals(cp.getName())) return cp.getContainerPort();
            }
        }
        throw new IllegalStateException("pod " + pod.getMetadata().getName() + " has no container port named " + t.getStrVal());
    }

    private static int freePort() {
        try (ServerSocket s = new ServerSocket(0)) {
            return s.getLocalPort();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    @Override
    public synchronized void close() {
        for (LocalPortForward f : forwards) {
            try {
                f.close();
            } catch (IOException ignored) {
                // already gone with its pod
            }
        }
        forwards.clear();
        forwardedPod = null;
    }
}
