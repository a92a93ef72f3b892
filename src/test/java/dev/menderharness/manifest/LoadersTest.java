package dev.menderharness.manifest;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.net.URISyntaxException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class LoadersTest {
    static Path res(String p) throws URISyntaxException {
        return Path.of(LoadersTest.class.getResource("/manifest/" + p).toURI());
    }

    @Test
    void kustomizationResourcesGeneratorsAndSecretsResolveIntoEnv() throws Exception {
        KubernetesManifests k = KubernetesLoader.fromKustomization(res("kustomize/kustomization.yaml"));
        assertThat(k.objects()).extracting(K8sObject::ref)
                .containsExactly("Secret/presign", "Service/app", "Deployment/app", "PodDisruptionBudget/app");
        assertThat(k.configMaps().get("gateway")).containsKeys("nginx.conf", "MODE");
        assertThat(k.configMaps().get("gateway").get("nginx.conf").value()).contains("proxy_pass http://app:8080");
        assertThat(k.secrets().get("presign").get("secret").value()).isEqualTo("insecure secret");
        assertThat(k.secrets().get("presign").get("plain").value()).isEqualTo("hello");

        K8sContainer c = k.workload("app").orElseThrow().main();
        Map<String, EnvVar> env = new java.util.LinkedHashMap<>();
        c.env().forEach(v -> env.put(v.key(), v));
        assertThat(env.get("DEPLOYMENTS_AWS_URI").value()).isEqualTo("http://minio:9000");
        assertThat(env.get("DEPLOYMENTS_AWS_REGION").value()).isEqualTo("us-east-1");
        assertThat(env.get("X_DEPLOYMENTS_AWS_AUTH_SECRET").origin()).isEqualTo("envFrom:secret/creds");
        assertThat(env.get("DEPLOYMENTS_PRESIGN_SECRET").value()).isEqualTo("insecure secret");
        assertThat(env.get("NS").resolved()).isFalse();
        assertThat(env.get("HOST").value()).isEqualTo("app.default.svc");
        assertThat(env.get("DEPLOYMENTS_PRESIGN_SECRET").source().line()).isEqualTo(32);

        Topology t = TopologyBuilder.kubernetes(k);
        assertThat(t.service("app").orElseThrow().externalEnv()).containsExactly("NS");
        assertThat(t.service("app").orElseThrow().servicePorts()).containsExactly(8080);
    }

    @Test
    void swarmPortsEnvAndNetworksInBothSyntaxes(@TempDir Path tmp) throws Exception {
        Path f = tmp.resolve("stack.yml");
        Files.writeString(f, """
                version: "3.8"
                services:
                  gw:
                    image: nginx:1.28.0
                    ports:
                      - "8443:443"
                      - "127.0.0.1:8080:80/tcp"
                      - target: 9000
                        published: 9000
                        mode: host
                    environment:
                      - A=1
                      - B
                    networks:
                      front:
                        aliases: [s3.docker.mender.io]
                      back:
                  api:
                    image: mendersoftware/useradm:v4.1.3
                    environment:
                      USERADM_LISTEN: ":9090"
                    deploy:
                      replicas: 3
                      mode: replicated
                """);
        SwarmStack s = SwarmLoader.load(List.of(f));
        SwarmService gw = s.service("gw").orElseThrow();
        assertThat(gw.ports()).extracting(ContainerPort::port).containsExactly(443, 80, 9000);
        assertThat(gw.published()).containsExactly(8443, 8080, 9000);
        assertThat(gw.env()).extracting(EnvVar::key).containsExactly("A", "B");
        assertThat(gw.env().get(1).resolved()).isFalse();
        assertThat(gw.networks()).containsOnlyKeys("front", "back");
        assertThat(gw.networks().get("front")).containsExactly("s3.docker.mender.io");
        assertThat(s.service("api").orElseThrow().replicas()).isEqualTo(3);
        assertThat(s.service("api").orElseThrow().networks()).containsOnlyKeys("default");
        Topology t = TopologyBuilder.swarm(s, null);
        assertThat(t.service("api").orElseThrow().ports()).containsExactly(9090);
    }

    @Test
    void nginxUpstreamsThroughSetMapAndUpstreamBlocks() throws Exception {
        GatewayConfig g = GatewayConfig.load(List.of(res("nginx/gateway.conf")));
        assertThat(g.listenPorts()).containsExactlyInAnyOrder(80, 443);
        assertThat(g.authRequests()).hasSize(1);
        assertThat(g.resolvers()).hasSize(1);
        List<GatewayConfig.Upstream> ups = g.upstreams();
        assertThat(ups).extracting(u -> u.substitute(k -> k.equals("SUFFIX") ? "" : null).host() + ":" + u.port())
                .containsExactlyInAnyOrder("mender-device-auth:8080", "mender-deployments:8080", "mender-useradm:8080",
                        "mender-useradm-2:8081", "s3.docker.mender.io:443");
        assertThat(ups).filteredOn(u -> u.host().startsWith("mender-deployments")).singleElement()
                .satisfies(u -> {
                    assertThat(u.hasPlaceholder()).isTrue();
                    assertThat(u.location()).isEqualTo("/api/management/v1/deployments");
                    assertThat(u.source().line()).isEqualTo(18);
                });
    }

    @Test
    void unbalancedNginxIsAOneLineError() throws Exception {
        Path f = res("nginx/unbalanced.conf");
        assertThatThrownBy(() -> NginxParser.parse(f)).isInstanceOf(ManifestException.class)
                .satisfies(e -> assertThat(((ManifestException) e).oneLine()).matches(".*unbalanced\\.conf:\\d+: unexpected end of file: missing '}'"));
    }

    @Test
    void malformedYamlNamesFileAndLine(@TempDir Path tmp) throws Exception {
        Path f = tmp.resolve("bad.yaml");
        Files.writeString(f, "apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: x\ndata:\n  a: [1, 2\n  b: 3\n");
        assertThatThrownBy(() -> YamlFiles.loadAll(f)).isInstanceOf(ManifestException.class)
                .satisfies(e -> {
                    ManifestException m = (ManifestException) e;
                    assertThat(m.file()).isEqualTo(f);
                    assertThat(m.line()).isBetween(6, 7);
                    assertThat(m.oneLine()).startsWith(f + ":" + m.line() + ": malformed YAML: ");
                });
    }

    @Test
    void duplicateKeysAreMalformed(@TempDir Path tmp) throws Exception {
        Path f = tmp.resolve("dup.yaml");
        Files.writeString(f, "services:\n  a:\n    image: x:1\n  a:\n    image: y:1\n");
        assertThatThrownBy(() -> YamlFiles.loadAll(f)).isInstanceOf(ManifestException.class)
                .satisfies(e -> assertThat(((ManifestException) e).line()).isEqualTo(4));
    }
}
