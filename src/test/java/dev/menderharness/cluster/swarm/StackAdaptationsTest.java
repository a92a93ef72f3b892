package dev.menderharness.cluster.swarm;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class StackAdaptationsTest {

    private static final String STACK = """
            version: "3.8"
            x-common: &common
              networks: [mender]
            services:
              gw:
                image: nginx:1.28.0
                environment:
                  MENDER_EXTERNAL_URL: ""
                ports:
                  - "80:80"
                  - target: 443
                    published: 443
                    protocol: tcp
                    mode: ingress
                configs:
                  - source: gw-conf
                    target: /etc/nginx/conf.d/default.conf
              mender-useradm:
                <<: *common
                image: mendersoftware/useradm:v4.1.3
                environment:
                  - USERADM_MONGO=mongodb://mender-mongo:27017
            networks:
              mender:
                driver: overlay
            configs:
              gw-conf:
                file: ../gateway/default.conf
            """;

    @TempDir
    Path dir;

    private StackFile stack(String yaml) throws IOException {
        Files.createDirectories(dir.resolve("swarm"));
        Files.createDirectories(dir.resolve("gateway"));
        Files.writeString(dir.resolve("gateway/default.conf"), "server {}\n");
        Path f = dir.resolve("swarm/stack.yml");
        Files.writeString(f, yaml);
        return StackFile.read(f);
    }

    private StackAdaptations.Settings settings(boolean ipvs) {
        return new StackAdaptations.Settings(img -> img.startsWith("mendersoftware/") ? "mender-harness/" + img.substring(15) : img,
                ipvs, "https://localhost:49321", "mender", dir.resolve("swarm"));
    }

    @SuppressWarnings("unchecked")
    private static Map<String, Object> map(Object o) {
        return (Map<String, Object>) o;
    }

    @Test
    void appliesImagePolicyToEveryServiceAndSaysSo() throws IOException {
        StackFile s = stack(STACK);
        List<String> lines = new StackAdaptations().apply(s, settings(true));
        assertThat(s.image("mender-useradm")).isEqualTo("mender-harness/useradm:v4.1.3");
        assertThat(s.image("gw")).isEqualTo("nginx:1.28.0");
        assertThat(lines).contains("image policy: mender-useradm mendersoftware/useradm:v4.1.3 -> mender-harness/useradm:v4.1.3");
    }

    @Test
    void withoutIpvsEveryServiceIsDnsrrAndGatewayPortsAreHostModeOnTheManager() throws IOException {
        StackFile s = stack(STACK);
        List<String> lines = new StackAdaptations().apply(s, settings(false));
        for (String svc : List.of("gw", "mender-useradm")) {
            assertThat(map(s.services().get(svc).get("deploy")).get("endpoint_mode")).isEqualTo("dnsrr");
        }
        List<Object> ports = (List<Object>) s.services().get("gw").get("ports");
        assertThat(ports).allSatisfy(p -> assertThat(map(p)).containsEntry("mode", "host"));
        assertThat(ports).anySatisfy(p -> assertThat(map(p)).containsEntry("published", 80).containsEntry("target", 80));
        assertThat(map(map(s.services().get("gw").get("deploy")).get("placement")).get("constraints"))
                .asList().containsExactly("node.role == manager");
        assertThat(lines).anyMatch(l -> l.contains("endpoint_mode dnsrr")).anyMatch(l -> l.contains("mode host"))
                .anyMatch(l -> l.contains("pinned to the manager"));
    }

    @Test
    void withIpvsTheManifestsNetworkingIsKept() throws IOException {
        StackFile s = stack(STACK);
        new StackAdaptations().apply(s, settings(true));
        assertThat(s.services().get("mender-useradm")).doesNotContainKey("deploy");
        assertThat((List<Object>) s.services().get("gw").get("ports")).contains("80:80");
    }

    @Test
    void injectsTheExternalUrlInMapOrListEnvironments() throws IOException {
        StackFile s = stack(STACK);
        new StackAdaptations().apply(s, settings(false));
        assertThat(map(s.services().get("gw").get("environment"))).containsEntry("MENDER_EXTERNAL_URL", "https://localhost:49321");

        Map<String, Object> svc = new java.util.LinkedHashMap<>(Map.of("environment",
                new java.util.ArrayList<>(List.of("A=1", "MENDER_EXTERNAL_URL=old"))));
        StackAdaptations.setEnv(svc, "MENDER_EXTERNAL_URL", "https://localhost:1");
        assertThat((List<Object>) svc.get("environment")).containsExactly("A=1", "MENDER_EXTERNAL_URL=https://localhost:1");
    }

    @Test
    void namesFileConfigsByContentSoARedeployWithAChangedFileWorks() throws IOException {
        StackFile s = stack(STACK);
        new StackAdaptations().apply(s, settings(true));
        String first = map(map(s.root().get("configs")).get("gw-conf")).get("name").toString();
        Files.writeString(dir.resolve("gateway/default.conf"), "server { listen 81; }\n");
        StackFile again = StackFile.read(dir.resolve("swarm/stack.yml"));
        new StackAdaptations().apply(again, settings(true));
        String second = map(map(again.root().get("configs")).get("gw-conf")).get("name").toString();
        assertThat(first).startsWith("mender_gw-conf-").isNotEqualTo(second);
    }

    @Test
    void makesStackNetworksAttachableForProbes() throws IOException {
        StackFile s = stack(STACK);
        new StackAdaptations().apply(s, settings(true));
        assertThat(map(map(s.root().get("networks")).get("mender"))).containsEntry("attachable", true);
        assertThat(s.toYaml()).contains("attachable: true").doesNotContain("<<");
    }

    /**
     * The bring-up log counts the lines per kind (DeployTimeSettings.summary); a line without its
     * "kind: " printed "configs gw-conf named ... (content hash 1" as a kind of its own.
     */
    @Test
    void everyLineSaysItsKindFirst() throws IOException {
        List<String> lines = new StackAdaptations().apply(stack(STACK), settings(false));
        assertThat(lines).extracting(l -> l.substring(0, Math.max(0, l.indexOf(": "))))
                .containsOnly("image policy", "no IPVS", "gateway", "object names", "probes");
        assertThat(lines).anyMatch(l -> l.startsWith("object names: configs gw-conf named "))
                .anyMatch(l -> l.startsWith("probes: network mender made attachable"));
    }

    @Test
    void aGatewayThatDoesNotPublish443IsAOneLineError() throws IOException {
        StackFile s = stack(STACK.replace("published: 443", "published: 8443"));
        assertThatThrownBy(() -> new StackAdaptations().apply(s, settings(true)))
                .hasMessageContaining("stack.yml").hasMessageContaining("gateway service gw publishes [80, 8443]");
    }

    @Test
    void aStackWithoutGatewayIsAnError() throws IOException {
        StackFile s = stack(STACK.replace("nginx:1.28.0", "traefik:v3"));
        assertThatThrownBy(() -> new StackAdaptations().apply(s, settings(true))).hasMessageContaining("no gateway service");
    }
}
