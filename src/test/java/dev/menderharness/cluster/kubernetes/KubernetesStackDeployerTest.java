package dev.menderharness.cluster.kubernetes;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.menderharness.cluster.GatewayEndpoints;
import dev.menderharness.manifest.ServiceSpec;
import dev.menderharness.support.Reporter;
import io.fabric8.kubernetes.api.model.Container;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.Secret;
import io.fabric8.kubernetes.api.model.SecretBuilder;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.server.mock.EnableKubernetesMockClient;
import io.fabric8.kubernetes.client.server.mock.KubernetesMockServer;
import io.fabric8.mockwebserver.http.RecordedRequest;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The Kubernetes provider's logic against fabric8's mock API server in CRUD mode. */
@EnableKubernetesMockClient(crud = true, https = false)
class KubernetesStackDeployerTest {

    static final Path MANIFESTS = KustomizeLiteTest.MANIFESTS;
    static final String RUN = "t1";
    static final String NS = KubernetesStackDeployer.namespaceFor(RUN, "ref");
    static final KubernetesStackDeployer.Settings FAST = new KubernetesStackDeployer.Settings(
            Duration.ofSeconds(5), Duration.ofSeconds(5), Duration.ofMillis(50), Duration.ofSeconds(2), Duration.ZERO);
    /** For deploys meant to time out. */
    static final KubernetesStackDeployer.Settings SHORT = new KubernetesStackDeployer.Settings(
            Duration.ofSeconds(2), Duration.ofSeconds(2), Duration.ofMillis(50), Duration.ofSeconds(2), Duration.ZERO);

    KubernetesMockServer server;
    KubernetesClient client;
    FakeController controller;

    @AfterEach
    void stopController() throws InterruptedException {
        if (controller != null) controller.close();
    }

    /** Stand-in for NodePort/port-forward access: the tests need the planned URL, not a socket. */
    static final class FixedAccess implements GatewayAccess {
        boolean closed;

        @Override
        public String plannedHttpsUrl() {
            return "https://localhost:41443";
        }

        @Override
        public GatewayEndpoints open(KubernetesClient c, String ns, String svc) {
            return new GatewayEndpoints(URI.create("http://localhost:41080"), URI.create(plannedHttpsUrl()));
        }

        @Override
        public void close() {
            closed = true;
        }
    }

    private KubernetesStackDeployer deployer(java.util.function.UnaryOperator<String> policy) {
        Secret deployTime = new SecretBuilder().withNewMetadata().withName("mender-useradm-key").endMetadata()
                .withStringData(Map.of("private.pem", "-----BEGIN PRIVATE KEY-----\nabc\n-----END PRIVATE KEY-----")).build();
        return new KubernetesStackDeployer(client, RUN, policy, "nicolaka/netshoot:v0.13", () -> List.of(deployTime),
                stack -> Optional.empty(), FAST, Reporter.console());
    }

    private KubernetesRunningStack deployWithController() {
        MockDryRun.expect(server, NS, Map.of());
        controller = new FakeController(client, NS);
        return deployer(i -> i).deploy(null, MANIFESTS, "ref", new FixedAccess());
    }

    private List<RecordedRequest> requests() throws InterruptedException {
        List<RecordedRequest> all = new ArrayList<>();
        RecordedRequest r;
        while ((r = server.takeRequest(10, TimeUnit.MILLISECONDS)) != null) all.add(r);
        return all;
    }

    @Test
    void appliesInDependencyOrderIntoAFreshLabelledNamespace() throws Exception {
        requests();
        deployWithController();
        // Recorded bodies are consumed by the mock, so the collection path tells the kind.
        Map<String, String> kinds = Map.of("namespaces", "Namespace", "configmaps", "ConfigMap", "secrets", "Secret",
                "persistentvolumeclaims", "PersistentVolumeClaim", "services", "Service", "deployments", "Deployment",
                "statefulsets", "StatefulSet", "pods", "Pod", "endpoints", "Endpoints");
        List<String> created = new ArrayList<>();
        for (RecordedRequest r : requests()) {
            if (r.getMethod().equals("POST") && !r.getPath().contains("dryRun")) {
                created.add(kinds.getOrDefault(r.getPath().replaceAll(".*/", ""), r.getPath()));
            }
        }
        created.removeIf(k -> k.equals("Pod") || k.equals("Endpoints")); // the fake controller's objects and the probe
        assertThat(created.get(0)).isEqualTo("Namespace");
        assertThat(created.stream().map(ApplyOrder::rank).toList()).isSorted();
        assertThat(created).containsExactly("Namespace", "PersistentVolumeClaim", "ConfigMap", "ConfigMap", "Secret",
                "Service", "Service", "Service", "Deployment", "Deployment", "StatefulSet");
        assertThat(client.pods().inNamespace(NS).withName(KubernetesStackDeployer.PROBE_POD).get()).isNotNull();

        var ns = client.namespaces().withName(NS).get();
        assertThat(ns.getMetadata().getLabels()).containsEntry("dev.menderharness.run", RUN);
        assertThat(client.apps().deployments().inNamespace(NS).withName("mender-useradm").get().getMetadata().getLabels())
                .containsEntry("dev.menderharness.run", RUN);
    }

    @Test
    void dryRunReportsEveryRejectedObjectInOneFailureAndAppliesNothing() {
        MockDryRun.expect(server, NS, Map.of(
                "Deployment/mender-useradm", "spec.template.spec.containers[0].image: Required value",
                "PersistentVolumeClaim/mongo-data", "spec.resources.requests.storage: Invalid value"));
        FixedAccess access = new FixedAccess();
        assertThatThrownBy(() -> deployer(i -> i).deploy(null, MANIFESTS, "ref", access))
                .isInstanceOf(dev.menderharness.cluster.StackDeployException.class)
                .hasCauseInstanceOf(DryRunRejectedException.class)
                .satisfies(e -> {
                    DryRunRejectedException d = (DryRunRejectedException) e.getCause();
                    assertThat(d.rejections()).hasSize(2);
                    assertThat(d.getMessage()).doesNotContain("\n")
                            .contains("rejected 2 object(s)")
                            .contains("Deployment/mender-useradm (").contains("useradm.yaml:1): spec.template.spec.containers[0].image: Required value")
                            .contains("PersistentVolumeClaim/mongo-data (").contains("mongo.yaml:1): spec.resources.requests.storage: Invalid value");
                });
        assertThat(client.apps().deployments().inNamespace(NS).list().getItems()).isEmpty();
        assertThat(client.configMaps().inNamespace(NS).list().getItems()).isEmpty();
        assertThat(client.namespaces().withName(NS).get()).as("namespace removed after a failed deploy").isNull();
        assertThat(access.closed).isTrue();
    }

    @Test
    void imagePolicyReachesEveryContainerAndInitContainerAndTheProbePod() {
        MockDryRun.expect(server, NS, Map.of());
        controller = new FakeController(client, NS);
        deployer(i -> "mirror.example:5000/" + i).deploy(null, MANIFESTS, "ref", new FixedAccess());
        List<Container> all = new ArrayList<>();
        client.apps().deployments().inNamespace(NS).list().getItems().forEach(d -> all.addAll(PodSpecs.allContainers(d.getSpec().getTemplate().getSpec())));
        client.apps().statefulSets().inNamespace(NS).list().getItems().forEach(d -> all.addAll(PodSpecs.allContainers(d.getSpec().getTemplate().getSpec())));
        assertThat(all).hasSize(4).allSatisfy(c -> assertThat(c.getImage()).startsWith("mirror.example:5000/"));
        assertThat(all).anySatisfy(c -> assertThat(c.getName()).isEqualTo("wait-mongo"));
        Pod probe = client.pods().inNamespace(NS).withName(KubernetesStackDeployer.PROBE_POD).get();
        assertThat(probe.getSpec().getContainers().get(0).getImage()).isEqualTo("mirror.example:5000/nicolaka/netshoot:v0.13");
        assertThat(Files.exists(MANIFESTS.resolve("kubernetes/useradm.yaml"))).isTrue();
    }

    @Test
    void gatewayGetsTheExternalUrlOnceReplacingTheManifestValue() {
        MockDryRun.expect(server, NS, Map.of());
        controller = new FakeController(client, NS);
        deployer(i -> i).deploy(null, MANIFESTS, "ref", new FixedAccess());
        Deployment gw = client.apps().deployments().inNamespace(NS).withName("mender-api-gateway").get();
        var env = gw.getSpec().getTemplate().getSpec().getContainers().get(0).getEnv();
        assertThat(env.stream().filter(e -> e.getName().equals("MENDER_EXTERNAL_URL")).toList())
                .singleElement().satisfies(e -> assertThat(e.getValue()).isEqualTo("https://localhost:41443"));
    }

    @Test
    void readinessTimesOutNamingTheUnavailableWorkloadThenPassesOnceAvailable() {
        KubernetesRunningStack stack = deployWithController();
        controller.held.add("mender-useradm");
        org.awaitility.Awaitility.await().atMost(Duration.ofSeconds(3)).until(() -> client.apps().deployments()
                .inNamespace(NS).withName("mender-useradm").get().getStatus().getAvailableReplicas() == 0);
        assertThatThrownBy(() -> stack.awaitReady(Duration.ofMillis(600)))
                .isInstanceOf(RolloutTimeoutException.class)
                .hasMessageContaining("Deployment/mender-useradm: 0/2 available")
                .hasMessageNotContaining("mender-api-gateway:");
        controller.held.remove("mender-useradm");
        stack.awaitReady(Duration.ofSeconds(3));
    }

    @Test
    void failedReadinessDeletesTheNamespace() {
        MockDryRun.expect(server, NS, Map.of());
        controller = new FakeController(client, NS);
        controller.held.add("mender-mongo");
        var d = new KubernetesStackDeployer(client, RUN, i -> i, "probe", List::of, stack -> Optional.empty(), SHORT, Reporter.console());
        assertThatThrownBy(() -> d.deploy(null, MANIFESTS, "ref", new FixedAccess()))
                .hasMessageContaining("StatefulSet/mender-mongo: 0/1 available");
        assertThat(client.namespaces().withName(NS).get()).isNull();
    }

    @Test
    void readinessProbeFailureIsReportedAfterRollouts() {
        MockDryRun.expect(server, NS, Map.of());
        controller = new FakeController(client, NS);
        var d = new KubernetesStackDeployer(client, RUN, i -> i, "probe", List::of,
                stack -> Optional.of("http://mender-useradm:8080/api/internal/v1/useradm/health -> 503"), SHORT, Reporter.console());
        assertThatThrownBy(() -> d.deploy(null, MANIFESTS, "ref", new FixedAccess()))
                .hasMessageContaining("not ready after 2s: http://mender-useradm:8080/api/internal/v1/useradm/health -> 503");
    }

    @Test
    void closeDeletesTheNamespace() {
        KubernetesRunningStack stack = deployWithController();
        assertThat(client.namespaces().withName(NS).get()).isNotNull();
        stack.close();
        assertThat(client.namespaces().withName(NS).get()).isNull();
    }

    @Test
    void topologyBindsServicesToWorkloadsWithServicePortsAndResolvedEnv() {
        KubernetesRunningStack stack = deployWithController();
        ServiceSpec useradm = stack.topology().service("mender-useradm").orElseThrow();
        assertThat(useradm.workload()).isEqualTo("mender-useradm");
        assertThat(useradm.ports()).containsExactly(8080);
        assertThat(useradm.replicas()).isEqualTo(2);
        assertThat(useradm.env()).containsEntry("USERADM_JWT_ISSUER", "mender.useradm");
        assertThat(stack.topology().serviceOf(dev.menderharness.contract.MenderComponent.GATEWAY)).get()
                .extracting(ServiceSpec::name).isEqualTo("mender-api-gateway");
    }

    @Test
    void scaleKillAndReplicaAddresses() {
        KubernetesRunningStack stack = deployWithController();
        assertThat(stack.runningReplicas("mender-useradm")).isEqualTo(2);
        stack.scale("mender-useradm", 3);
        assertThat(stack.runningReplicas("mender-useradm")).isEqualTo(3);
        assertThat(client.apps().deployments().inNamespace(NS).withName("mender-useradm").get().getSpec().getReplicas()).isEqualTo(3);

        List<String> podIps = client.pods().inNamespace(NS).withLabel("app", "mender-useradm").list().getItems().stream()
                .map(p -> p.getStatus().getPodIP()).toList();
        org.awaitility.Awaitility.await().atMost(Duration.ofSeconds(3)).untilAsserted(() ->
                assertThat(stack.replicaAddresses("mender-useradm")).containsExactlyInAnyOrderElementsOf(podIps));

        List<String> before = client.pods().inNamespace(NS).withLabel("app", "mender-useradm").list().getItems().stream()
                .map(p -> p.getMetadata().getName()).toList();
        stack.killOneReplica("mender-useradm");
        List<String> after = client.pods().inNamespace(NS).withLabel("app", "mender-useradm").list().getItems().stream()
                .map(p -> p.getMetadata().getName()).toList();
        assertThat(before).hasSize(3);
        assertThat(after).doesNotContain(before.get(0));
        org.awaitility.Awaitility.await().atMost(Duration.ofSeconds(3)).until(() -> stack.runningReplicas("mender-useradm") == 3);
    }

    @Test
    void applyingAVariantPatchesOnlyWhatChanged(@TempDir Path tmp) throws Exception {
        KubernetesRunningStack stack = deployWithController();
        KustomizeLiteTest.copy(MANIFESTS, tmp);
        Path f = tmp.resolve("kubernetes/useradm.yaml");
        Files.writeString(f, Files.readString(f).replace("mendersoftware/useradm:v4.1.3", "mendersoftware/useradm:v4.0.0"));
        MockDryRun.expectUpdates(server, NS, stack.applied());
        long gwGeneration = client.apps().deployments().inNamespace(NS).withName("mender-api-gateway").get().getMetadata().getGeneration();
        stack.apply(tmp);
        Deployment useradm = client.apps().deployments().inNamespace(NS).withName("mender-useradm").get();
        assertThat(useradm.getSpec().getTemplate().getSpec().getContainers().get(0).getImage()).isEqualTo("mendersoftware/useradm:v4.0.0");
        assertThat(client.apps().deployments().inNamespace(NS).withName("mender-api-gateway").get().getMetadata().getGeneration())
                .as("unchanged gateway not rolled").isEqualTo(gwGeneration);
        assertThat(stack.topology().service("mender-useradm").orElseThrow().image()).isEqualTo("mendersoftware/useradm:v4.0.0");
    }

    @Test
    void diagnosticsHoldPodStatesEventsLogsAndAppliedYamlWithSecretsMasked() {
        KubernetesRunningStack stack = deployWithController();
        controller.held.add("mender-useradm");
        org.awaitility.Awaitility.await().atMost(Duration.ofSeconds(3)).until(() -> client.apps().deployments()
                .inNamespace(NS).withName("mender-useradm").get().getStatus().getAvailableReplicas() == 0);
        Pod pod = client.pods().inNamespace(NS).withLabel("app", "mender-useradm").list().getItems().get(0);
        String podName = pod.getMetadata().getName();
        pod.getStatus().getContainerStatuses().get(0).setRestartCount(3);
        pod.getStatus().getContainerStatuses().get(0).setState(new io.fabric8.kubernetes.api.model.ContainerStateBuilder()
                .withNewWaiting().withReason("CrashLoopBackOff").withMessage("back-off 40s restarting").endWaiting().build());
        client.pods().inNamespace(NS).resource(pod).updateStatus();
        client.resource(new io.fabric8.kubernetes.api.model.EventBuilder().withNewMetadata().withName("e1").endMetadata()
                .withType("Warning").withReason("BackOff").withMessage("Back-off restarting failed container")
                .withNewInvolvedObject().withKind("Pod").withName(podName).endInvolvedObject().build()).inNamespace(NS).create();
        dev.menderharness.support.SecretMasker.register("s3cr3t-key-value");
        server.expect().get().withPath("/api/v1/namespaces/" + NS + "/pods/" + podName + "/log?pretty=false&container=main&tailLines=200")
                .andReturn(200, "starting\nusing key s3cr3t-key-value\n").always();

        Map<String, String> d = stack.diagnostics().attachments();
        assertThat(d.get("pods (" + NS + ")")).contains("Pod " + podName).contains("Waiting CrashLoopBackOff: back-off 40s restarting")
                .contains("restarts=3").contains("Condition Ready=True");
        assertThat(d.get("events (" + NS + ")")).contains("Warning BackOff Pod/" + podName + ": Back-off restarting failed container");
        assertThat(d.get("workloads (" + NS + ")")).contains("Deployment/mender-useradm: 0/2 available");
        assertThat(d.get("log " + podName + "/main")).contains("using key ****").doesNotContain("s3cr3t-key-value");
        assertThat(d).containsKey("previous log " + podName + "/main");
        assertThat(d.get("applied manifests")).contains("kind: \"Deployment\"").contains("mender-useradm-key")
                .doesNotContain("BEGIN PRIVATE KEY-----\nabc").contains("useradm.yaml:1");
        assertThat(stack.logs("mender-useradm", 200)).contains("==> " + podName + "/main (previous) <==")
                .contains("using key ****");
    }

    @Test
    void restartRollsThePodTemplateAndWaitsForTheRollout() {
        KubernetesRunningStack stack = deployWithController();
        long generation = client.apps().deployments().inNamespace(NS).withName("mender-useradm").get().getMetadata().getGeneration();
        stack.restart("mender-useradm");
        Deployment d = client.apps().deployments().inNamespace(NS).withName("mender-useradm").get();
        assertThat(d.getSpec().getTemplate().getMetadata().getAnnotations()).containsKey("kubectl.kubernetes.io/restartedAt");
        assertThat(d.getMetadata().getGeneration()).isGreaterThan(generation);
        assertThat(d.getStatus().getObservedGeneration()).isEqualTo(d.getMetadata().getGeneration());
    }

    @Test
    void unknownServiceIsNamedInTheError() {
        KubernetesRunningStack stack = deployWithController();
        assertThatThrownBy(() -> stack.scale("mender-nope", 2)).hasMessage("no service mender-nope in stack ref");
    }
}
