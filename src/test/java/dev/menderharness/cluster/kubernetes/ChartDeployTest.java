package dev.menderharness.cluster.kubernetes;

import static org.assertj.core.api.Assertions.assertThat;

import dev.menderharness.support.Reporter;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.server.mock.EnableKubernetesMockClient;
import io.fabric8.kubernetes.client.server.mock.KubernetesMockServer;
import io.fabric8.mockwebserver.http.RecordedRequest;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** A Helm chart deployed end to end against fabric8's mock API server: hooks applied first, the stack ready. */
@EnableKubernetesMockClient(crud = true, https = false)
class ChartDeployTest {
    static final String NS = KubernetesStackDeployer.namespaceFor("t2", "mini");

    KubernetesMockServer server;
    KubernetesClient client;
    FakeController controller;

    @AfterEach
    void stopController() throws InterruptedException {
        if (controller != null) controller.close();
    }

    @Test
    void theChartsHooksAreAppliedFirstAndTheStackBecomesReady() throws Exception {
        MockDryRun.expect(server, NS, Map.of());
        controller = new FakeController(client, NS);
        KubernetesStackDeployer deployer = new KubernetesStackDeployer(client, "t2", i -> i, "nicolaka/netshoot:v0.13", List::of,
                stack -> Optional.empty(), KubernetesStackDeployerTest.FAST, Reporter.console())
                .withHelm(List.of(), List.of("deployments.replicas=2"));
        while (server.takeRequest(10, TimeUnit.MILLISECONDS) != null) {
            // drop what came before
        }
        KubernetesRunningStack stack = deployer.deploy(null, ChartObjectsTest.mini(), "mini", new KubernetesStackDeployerTest.FixedAccess());
        List<String> created = new ArrayList<>();
        RecordedRequest r;
        while ((r = server.takeRequest(10, TimeUnit.MILLISECONDS)) != null) {
            if (r.getMethod().equals("POST") && !r.getPath().contains("dryRun") && r.getPath().contains("/namespaces/" + NS + "/")) {
                created.add(r.getPath().replaceAll(".*/namespaces/" + NS + "/", ""));
            }
        }
        assertThat(created.subList(0, 2)).as("the pre-install hooks (MongoDB) first").containsExactly("services", "deployments");
        assertThat(client.apps().deployments().inNamespace(NS).withName("mender-deployments").get().getSpec().getReplicas()).isEqualTo(2);
        assertThat(client.pods().inNamespace(NS).withName("mini-test-connection").get()).as("test hooks are not applied").isNull();
        assertThat(stack.topology().service("mender-mongodb")).isPresent();
        stack.close();
    }
}
