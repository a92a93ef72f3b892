package dev.menderharness.cluster.kubernetes;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.fabric8.kubernetes.api.model.IntOrString;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.PodBuilder;
import io.fabric8.kubernetes.api.model.ServiceBuilder;
import io.fabric8.kubernetes.api.model.ServicePortBuilder;
import org.junit.jupiter.api.Test;

/** Small pure parts of the k3s and port-forward paths that need no cluster. */
class K3sPartsTest {

    @Test
    void engineErrorsAreReducedToTheirMessage() {
        String raw = "Status 500: {\"message\":\"Get \\\"https://registry-1.docker.io/v2/\\\": dial tcp: lookup registry-1.docker.io: no such host\"}\n";
        assertThat(K3sPreconditions.oneLine(raw))
                .isEqualTo("Get \"https://registry-1.docker.io/v2/\": dial tcp: lookup registry-1.docker.io: no such host");
        assertThat(K3sPreconditions.oneLine("a\n  b")).isEqualTo("a b");
    }

    @Test
    void crictlImageIdsAreRead() {
        String json = "{\"images\":[{\"id\":\"sha256:aaa\",\"repoTags\":[\"docker.io/library/nginx:1.28.0\"]},"
                + "{\"id\":\"sha256:bbb\",\"repoTags\":[]}]}";
        assertThat(K3sImageLoader.presentIds(json)).containsExactlyInAnyOrder("sha256:aaa", "sha256:bbb");
    }

    @Test
    void gatewayPortsAreFoundByNameThenNumber() {
        var svc = new ServiceBuilder().withNewMetadata().withName("gw").endMetadata().withNewSpec()
                .addNewPort().withName("web").withPort(80).endPort()
                .addNewPort().withName("tls").withPort(443).endPort().endSpec().build();
        GatewayPorts p = GatewayPorts.of(svc);
        assertThat(p.http().getPort()).isEqualTo(80);
        assertThat(p.https().getPort()).isEqualTo(443);
        var none = new ServiceBuilder().withNewMetadata().withName("gw").endMetadata().withNewSpec()
                .addNewPort().withName("db").withPort(27017).endPort().endSpec().build();
        assertThatThrownBy(() -> GatewayPorts.of(none)).hasMessageContaining("gateway Service gw has no port named http/https");
    }

    @Test
    void namedTargetPortsResolveToTheContainerPort() {
        Pod pod = new PodBuilder().withNewMetadata().withName("gw-1").endMetadata().withNewSpec().addNewContainer()
                .withName("nginx").addNewPort().withName("https").withContainerPort(8443).endPort().endContainer().endSpec().build();
        assertThat(PortForwardAccess.containerPort(pod, new ServicePortBuilder().withPort(443)
                .withTargetPort(new IntOrString("https")).build())).isEqualTo(8443);
        assertThat(PortForwardAccess.containerPort(pod, new ServicePortBuilder().withPort(80)
                .withTargetPort(new IntOrString(8080)).build())).isEqualTo(8080);
        assertThatThrownBy(() -> PortForwardAccess.containerPort(pod, new ServicePortBuilder().withPort(80)
                .withTargetPort(new IntOrString("http")).build())).hasMessageContaining("no container port named http");
    }

    @Test
    void namespaceNamesAreValidLabelsCarryingTheRunId() {
        assertThat(KubernetesStackDeployer.namespaceFor("r2611260204abcd", "Broken_Gateway.Redirect"))
                .isEqualTo("mh-r2611260204abcd-broken-gateway-redirect");
        assertThat(KubernetesStackDeployer.namespaceFor("r1", "x".repeat(80))).hasSizeLessThanOrEqualTo(63).startsWith("mh-r1-");
    }
}
