package dev.menderharness.cluster.kubernetes;

import dev.menderharness.cluster.Cluster;
import dev.menderharness.cluster.Diagnostics;
import dev.menderharness.cluster.ExecResult;
import dev.menderharness.cluster.GatewayEndpoints;
import dev.menderharness.cluster.RunningStack;
import dev.menderharness.contract.MenderComponent;
import dev.menderharness.manifest.ServiceSpec;
import dev.menderharness.manifest.Topology;
import dev.menderharness.support.SecretMasker;
import dev.menderharness.support.Waits;
import io.fabric8.kubernetes.api.model.Container;
import io.fabric8.kubernetes.api.model.EndpointAddress;
import io.fabric8.kubernetes.api.model.EndpointSubset;
import io.fabric8.kubernetes.api.model.Endpoints;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.api.model.discovery.v1.EndpointSlice;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.dsl.base.PatchContext;
import io.fabric8.kubernetes.client.dsl.base.PatchType;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * A Mender stack in its own namespace, seen through the cluster-neutral {@link RunningStack}:
 * services are the manifests' Service names, replicas are the pods of the workload a Service
 * selects, DNS observations come from a long-lived probe pod in the namespace.
 */
public final class KubernetesRunningStack implements RunningStack {

    private final KubernetesStackDeployer deployer;
    private final Cluster cluster;
    private final String name;
    private final String namespace;
    private final GatewayAccess gatewayAccess;
    private volatile Topology topology;
    private volatile List<ManifestObject> applied;
    private volatile boolean closed;

    KubernetesRunningStack(KubernetesStackDeployer deployer, Cluster cluster, String name, String namespace,
                           GatewayAccess gatewayAccess, Topology topology, List<ManifestObject> applied) {
        this.deployer = deployer;
        this.cluster = cluster;
        this.name = name;
        this.namespace = namespace;
        this.gatewayAccess = gatewayAccess;
        this.topology = topology;
        this.applied = applied;
    }

    private KubernetesClient client() {
        return deployer.client();
    }

    private Workloads workloads() {
        return new Workloads(client(), namespace);
    }

    public String namespace() {
        return namespace;
    }

    @Override
    public String name() {
        return name;
    }

    @Override
    public Cluster cluster() {
        return cluster;
    }

    @Override
    public Topology topology() {
        return topology;
    }

    @Override
    public GatewayEndpoints gateway() {
        ServiceSpec gw = topology.serviceOf(MenderComponent.GATEWAY)
                .orElseThrow(() -> new IllegalStateException("the manifests have no gateway (nginx) service"));
        return gatewayAccess.open(client(), namespace, gw.name());
    }

    /** Every pod in a namespace resolves names alike, so one probe pod serves every service. */
    @Override
    public ExecResult probe(String service, String... command) {
        return PodExec.run(client(), namespace, KubernetesStackDeployer.PROBE_POD, null, deployer.settings().execTimeout(), command);
    }

    @Override
    public Optional<ExecResult> execInService(String service, String... command) {
        Pod pod = runningPods(service).stream().findFirst()
                .orElseThrow(() -> new IllegalStateException("no running pod of " + service + " in " + namespace));
        String container = pod.getSpec().getContainers().get(0).getName();
        // The command itself, no shell around it: the Mender service images have none (FROM scratch),
        // but their binary is on the PATH (useradm create-user).
        ExecResult r = PodExec.run(client(), namespace, pod.getMetadata().getName(), container,
                deployer.settings().execTimeout(), command);
        return r.executableMissing() ? Optional.empty() : Optional.of(r);
    }

    /** Ready addresses of the Service's Endpoints (EndpointSlices when no Endpoints object is served). */
    @Override
    public List<String> replicaAddresses(String service) {
        List<String> out = new ArrayList<>();
        Endpoints ep = client().endpoints().inNamespace(namespace).withName(service).get();
        if (ep != null) {
            if (ep.getSubsets() != null) {
                for (EndpointSubset s : ep.getSubsets()) {
                    if (s.getAddresses() != null) s.getAddresses().stream().map(EndpointAddress::getIp).forEach(out::add);
                }
            }
            return out;
        }
        for (EndpointSlice slice : client().discovery().v1().endpointSlices().inNamespace(namespace)
                .withLabel("kubernetes.io/service-name", service).list().getItems()) {
            slice.getEndpoints().stream()
                    .filter(e -> e.getConditions() == null || !Boolean.FALSE.equals(e.getConditions().getReady()))
                    .forEach(e -> out.addAll(e.getAddresses()));
        }
        return out;
    }

    @Override
    public int runningReplicas(String service) {
        return runningPods(service).size();
    }

    /** Pod uids: a replaced or rollout-restarted replica is a new pod, whatever address it gets. */
    @Override
    public List<String> replicaIds(String service) {
        return runningPods(service).stream().map(p -> p.getMetadata().getUid()).sorted().toList();
    }

    /** ClusterIPs of the Service of that name (also an alias Service); none for a headless one. */
    @Override
    public List<String> virtualAddresses(String service) {
        io.fabric8.kubernetes.api.model.Service s = client().services().inNamespace(namespace).withName(service).get();
        if (s == null || s.getSpec() == null) return List.of();
        List<String> ips = s.getSpec().getClusterIPs() != null && !s.getSpec().getClusterIPs().isEmpty()
                ? s.getSpec().getClusterIPs() : s.getSpec().getClusterIP() == null ? List.of() : List.of(s.getSpec().getClusterIP());
        return ips.stream().filter(ip -> ip != null && !ip.isBlank() && !ip.equalsIgnoreCase("None")).toList();
    }

    /** Pod uid to the node it is scheduled on. */
    @Override
    public java.util.Map<String, String> replicaNodes(String service) {
        java.util.Map<String, String> out = new java.util.TreeMap<>();
        for (Pod p : runningPods(service)) {
            out.put(p.getMetadata().getUid(), p.getSpec() == null || p.getSpec().getNodeName() == null ? "" : p.getSpec().getNodeName());
        }
        return out;
    }

    private List<Pod> runningPods(String service) {
        HasMetadata w = workloads().require(workloadOf(service));
        return workloads().pods(w).stream().filter(KubernetesRunningStack::runningAndReady).toList();
    }

    static boolean runningAndReady(Pod p) {
        return p.getStatus() != null && "Running".equals(p.getStatus().getPhase()) && p.getStatus().getConditions() != null
                && p.getStatus().getConditions().stream().anyMatch(c -> "Ready".equals(c.getType()) && "True".equals(c.getStatus()));
    }

    @Override
    public void scale(String service, int replicas) {
        String workload = workloadOf(service);
        HasMetadata w = workloads().require(workload);
        String patch = "{\"spec\":{\"replicas\":" + replicas + "}}";
        if (w instanceof Deployment) {
            client().apps().deployments().inNamespace(namespace).withName(workload).patch(PatchContext.of(PatchType.JSON_MERGE), patch);
        } else {
            client().apps().statefulSets().inNamespace(namespace).withName(workload).patch(PatchContext.of(PatchType.JSON_MERGE), patch);
        }
        deployer.reporter().progress("scaled " + Workloads.id(w) + " to " + replicas);
        deployer.rollouts(namespace).await(List.of(workload), deployer.settings().rolloutTimeout(), deployer.settings().poll());
        // old pods of a scale-down may still be terminating: wait (bounded) until the count is the wanted one
        Waits.atMost(deployer.settings().rolloutTimeout()).every(deployer.settings().poll())
                .within(() -> workloads().pods(workloads().require(workload)).size() == replicas);
    }

    /** Deletes one running pod with grace period 0: the closest Kubernetes has to a crashed replica. */
    @Override
    public void killOneReplica(String service) {
        Pod victim = runningPods(service).stream().findFirst()
                .orElseThrow(() -> new IllegalStateException("no running pod of " + service + " to kill in " + namespace));
        client().pods().inNamespace(namespace).withName(victim.getMetadata().getName()).withGracePeriod(0).delete();
        deployer.reporter().progress("killed pod " + victim.getMetadata().getName() + " of " + service);
    }

    @Override
    public void restart(String service) {
        String workload = workloadOf(service);
        HasMetadata w = workloads().require(workload);
        if (w instanceof Deployment) {
            client().apps().deployments().inNamespace(namespace).withName(workload).rolling().restart();
        } else {
            client().apps().statefulSets().inNamespace(namespace).withName(workload).rolling().restart();
        }
        deployer.reporter().progress("rollout restart of " + Workloads.id(w));
        // The controller needs a moment to see the new generation; pending() checks observedGeneration.
        deployer.rollouts(namespace).await(List.of(workload), deployer.settings().rolloutTimeout(), deployer.settings().poll());
    }

    @Override
    public String logs(String service, int lines) {
        HasMetadata w = workloads().require(workloadOf(service));
        StringBuilder sb = new StringBuilder();
        for (Pod p : workloads().pods(w)) {
            for (Container c : p.getSpec().getContainers()) {
                var res = client().pods().inNamespace(namespace).withName(p.getMetadata().getName()).inContainer(c.getName()).withReadyWaitTimeout(0);
                int restarts = p.getStatus() == null || p.getStatus().getContainerStatuses() == null ? 0
                        : p.getStatus().getContainerStatuses().stream().filter(s -> c.getName().equals(s.getName()))
                        .mapToInt(s -> s.getRestartCount() == null ? 0 : s.getRestartCount()).sum();
                if (restarts > 0) {
                    sb.append("==> ").append(p.getMetadata().getName()).append('/').append(c.getName()).append(" (previous) <==\n");
                    sb.append(logOrReason(() -> res.terminated().tailingLines(lines).getLog())).append('\n');
                }
                sb.append("==> ").append(p.getMetadata().getName()).append('/').append(c.getName()).append(" <==\n");
                sb.append(logOrReason(() -> res.tailingLines(lines).getLog())).append('\n');
            }
        }
        return SecretMasker.mask(sb.toString());
    }

    /** Each running pod's log (its first container), by pod name. */
    @Override
    public java.util.Map<String, String> replicaLogs(String service, int lines) {
        java.util.Map<String, String> out = new java.util.TreeMap<>();
        for (Pod p : runningPods(service)) {
            String container = p.getSpec().getContainers().get(0).getName();
            var res = client().pods().inNamespace(namespace).withName(p.getMetadata().getName()).inContainer(container)
                    .withReadyWaitTimeout(0);
            out.put(p.getMetadata().getName(), SecretMasker.mask(logOrReason(() -> res.tailingLines(lines).getLog())));
        }
        return out;
    }

    private static String logOrReason(java.util.function.Supplier<String> log) {
        try {
            String s = log.get();
            return s == null ? "" : s;
        } catch (io.fabric8.kubernetes.client.KubernetesClientException e) {
            return "(log not available: " + ServerApplier.reason(e) + ")";
        }
    }

    @Override
    public Diagnostics diagnostics() {
        return new KubernetesDiagnostics(client(), namespace).collect(applied, 200);
    }

    @Override
    public void apply(Path manifestsDir) {
        KubernetesStackDeployer.Prepared p = deployer.prepare(manifestsDir, namespace, gatewayAccess.plannedHttpsUrl());
        deployer.loadImages(p.objects());
        deployer.dryRunAndApply(namespace, p.objects());
        this.topology = p.topology();
        this.applied = p.objects();
        List<String> unsettled = deployer.rollouts(namespace).awaitSettled(p.workloadNames(),
                deployer.settings().rolloutTimeout(), deployer.settings().poll());
        deployer.reporter().progress("applied " + manifestsDir + " to " + namespace
                + (unsettled.isEmpty() ? "" : "; still rolling after timeout: " + String.join("; ", unsettled)));
    }

    @Override
    public void awaitReady(Duration timeout) {
        deployer.awaitReady(this, workloadNames(), timeout);
    }

    List<String> workloadNames() {
        return applied.stream().filter(o -> o.object() instanceof Deployment
                || o.object() instanceof io.fabric8.kubernetes.api.model.apps.StatefulSet).map(ManifestObject::name).toList();
    }

    List<ManifestObject> applied() {
        return applied;
    }

    private String workloadOf(String service) {
        ServiceSpec s = topology.service(service)
                .orElseThrow(() -> new IllegalArgumentException("no service " + service + " in stack " + name));
        if (s.workload() == null) {
            throw new IllegalArgumentException("Service " + service + " selects no Deployment/StatefulSet in the manifests");
        }
        return s.workload();
    }

    @Override
    public void close() {
        if (closed) return;
        closed = true;
        gatewayAccess.close();
        deployer.deleteNamespace(namespace);
    }
}
