package dev.menderharness.cluster.kubernetes;

import io.fabric8.kubernetes.api.model.EndpointsBuilder;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.PodBuilder;
import io.fabric8.kubernetes.api.model.Service;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.api.model.apps.DeploymentStatusBuilder;
import io.fabric8.kubernetes.api.model.apps.StatefulSet;
import io.fabric8.kubernetes.api.model.apps.StatefulSetStatusBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Plays the Deployment/StatefulSet and Endpoints controllers against the CRUD mock server (which
 * has none): keeps spec.replicas running+ready pods per workload, reports status, fills Endpoints.
 * Workloads in {@link #held} are left unavailable, to test readiness timeouts.
 */
final class FakeController implements AutoCloseable {

    final Set<String> held = ConcurrentHashMap.newKeySet();
    private final KubernetesClient client;
    private final String namespace;
    private final Thread thread;
    private final AtomicInteger ip = new AtomicInteger(10);
    private volatile boolean running = true;
    volatile RuntimeException lastError;

    FakeController(KubernetesClient client, String namespace) {
        this.client = client;
        this.namespace = namespace;
        this.thread = new Thread(this::loop, "fake-controller");
        thread.setDaemon(true);
        thread.start();
    }

    private void loop() {
        while (running) {
            try {
                reconcile();
                Thread.sleep(100);
            } catch (InterruptedException e) {
                return;
            } catch (RuntimeException e) {
                lastError = e; // the namespace may be gone between calls; try again
            }
        }
    }

    void reconcile() {
        for (Deployment d : client.apps().deployments().inNamespace(namespace).list().getItems()) {
            int ready = pods(d, d.getSpec().getReplicas() == null ? 1 : d.getSpec().getReplicas(),
                    d.getSpec().getSelector().getMatchLabels());
            if (held.contains(d.getMetadata().getName())) ready = 0;
            d.setStatus(new DeploymentStatusBuilder().withObservedGeneration(d.getMetadata().getGeneration())
                    .withReplicas(ready).withUpdatedReplicas(ready).withAvailableReplicas(ready).withReadyReplicas(ready).build());
            client.apps().deployments().inNamespace(namespace).resource(d).updateStatus();
        }
        for (StatefulSet s : client.apps().statefulSets().inNamespace(namespace).list().getItems()) {
            int ready = pods(s, s.getSpec().getReplicas() == null ? 1 : s.getSpec().getReplicas(),
                    s.getSpec().getSelector().getMatchLabels());
            if (held.contains(s.getMetadata().getName())) ready = 0;
            s.setStatus(new StatefulSetStatusBuilder().withObservedGeneration(s.getMetadata().getGeneration())
                    .withReplicas(ready).withUpdatedReplicas(ready).withReadyReplicas(ready).build());
            client.apps().statefulSets().inNamespace(namespace).resource(s).updateStatus();
        }
        for (Service svc : client.services().inNamespace(namespace).list().getItems()) {
            if (svc.getSpec().getSelector() == null) continue;
            List<String> ips = client.pods().inNamespace(namespace).withLabels(svc.getSpec().getSelector()).list().getItems()
                    .stream().map(p -> p.getStatus().getPodIP()).toList();
            var ep = new EndpointsBuilder().withNewMetadata().withName(svc.getMetadata().getName()).endMetadata()
                    .addNewSubset().withAddresses(ips.stream().map(i -> new io.fabric8.kubernetes.api.model.EndpointAddressBuilder()
                            .withIp(i).build()).toList()).endSubset().build();
            client.resource(ep).inNamespace(namespace).createOr(op -> op.update());
        }
    }

    private int pods(HasMetadata w, int replicas, Map<String, String> labels) {
        List<Pod> pods = client.pods().inNamespace(namespace).withLabels(labels).list().getItems();
        for (int i = pods.size(); i < replicas; i++) {
            Pod p = new PodBuilder().withNewMetadata().withName(w.getMetadata().getName() + "-" + ip.incrementAndGet())
                    .withLabels(labels).endMetadata()
                    .withNewSpec().addNewContainer().withName("main").withImage("x").endContainer().endSpec()
                    .withNewStatus().withPhase("Running").withPodIP("10.42.0." + ip.get())
                    .addNewCondition().withType("Ready").withStatus("True").endCondition()
                    .addNewContainerStatus().withName("main").withRestartCount(0).withReady(true).endContainerStatus()
                    .endStatus().build();
            client.resource(p).inNamespace(namespace).create();
        }
        for (int i = replicas; i < pods.size(); i++) {
            client.pods().inNamespace(namespace).withName(pods.get(i).getMetadata().getName()).delete();
        }
        return replicas;
    }

    @Override
    public void close() throws InterruptedException {
        running = false;
        thread.interrupt();
        thread.join(2000);
    }
}
