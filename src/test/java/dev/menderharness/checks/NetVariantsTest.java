package dev.menderharness.checks;

import static org.assertj.core.api.Assertions.assertThat;

import dev.menderharness.checks.dns.NameTargets;
import dev.menderharness.manifest.ManifestVariant;
import dev.menderharness.manifest.Manifests;
import dev.menderharness.manifest.Topology;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The DNS/gateway broken variants still apply to the reference manifests (each edit matches exactly
 * once) and break what they claim to, seen statically; the live failures are in BrokenVariantsNetIT.
 */
class NetVariantsTest {

    private static final Path REFERENCE = Path.of("manifests");

    private static Path materialize(String name, Path tmp) {
        return ManifestVariant.load(Path.of("fixtures/broken", name)).materialize(REFERENCE, tmp.resolve(name));
    }

    @Test
    void fixedPortRedirect(@TempDir Path tmp) throws Exception {
        Path dir = materialize("gateway-redirect-fixed-port", tmp);
        String conf = Files.readString(dir.resolve("gateway/default.conf.template"), StandardCharsets.UTF_8);
        assertThat(conf).contains("return 301 https://$host:443$request_uri;", "return 308 https://$host:443$request_uri;")
                .doesNotContain("return 301 $redirect_base$request_uri;");
        assertThat(Manifests.load(dir).gatewayConfig()).isPresent();
    }

    @Test
    void upstreamResolvedAtStartup(@TempDir Path tmp) throws Exception {
        Path dir = materialize("gateway-upstreams-resolved-at-startup", tmp);
        String conf = Files.readString(dir.resolve("gateway/default.conf.template"), StandardCharsets.UTF_8);
        assertThat(conf).contains("proxy_pass http://mender-inventory${MENDER_UPSTREAM_DOMAIN}:8080;");
        Topology swarm = Manifests.load(dir).swarmTopology().orElseThrow();
        assertThat(new ManifestAddressSource().addresses(swarm))
                .anyMatch(a -> a.consumer().equals("mender-api-gateway") && a.host().equals("mender-inventory"));
    }

    @Test
    void aliasRemovedLeavesTheEnvPointingNowhere(@TempDir Path tmp) {
        Topology reference = Manifests.load(REFERENCE).swarmTopology().orElseThrow();
        Topology broken = Manifests.load(materialize("swarm-s3-alias-removed", tmp)).swarmTopology().orElseThrow();
        assertThat(NameTargets.target(reference, "s3.docker.mender.io")).isPresent();
        assertThat(NameTargets.target(broken, "s3.docker.mender.io")).isEmpty();
        assertThat(new ManifestAddressSource().addresses(broken))
                .anyMatch(a -> a.host().equals("s3.docker.mender.io") && a.origin().equals("env DEPLOYMENTS_AWS_EXTERNAL_URI"));
    }

    @Test
    void deploymentsManagementPrefixProxiedToInventory(@TempDir Path tmp) throws Exception {
        Path dir = materialize("gateway-deployments-routed-to-inventory", tmp);
        String conf = Files.readString(dir.resolve("gateway/default.conf.template"), StandardCharsets.UTF_8);
        String block = conf.substring(conf.indexOf("location ~ ^/api/management/v[0-9a-z]+/deployments {"));
        block = block.substring(0, block.indexOf('}'));
        assertThat(block).contains("auth_request /_mender_auth_user;", "proxy_pass http://$inventory_upstream;");
        // the device-side deployments routes still reach deployments
        assertThat(conf).contains("proxy_pass http://$deployments_upstream;");
    }

    @Test
    void workerReachesInventoryOnAPortNothingListensOn(@TempDir Path tmp) {
        Manifests m = Manifests.load(materialize("worker-inventory-port-wrong", tmp));
        for (Topology t : java.util.List.of(m.swarmTopology().orElseThrow(), m.kubernetesTopology().orElseThrow())) {
            assertThat(new ManifestAddressSource().addresses(t))
                    .anyMatch(a -> a.consumer().equals("mender-workflows-worker") && a.host().equals("mender-inventory") && a.port() == 8081)
                    .noneMatch(a -> !a.consumer().equals("mender-workflows-worker") && a.port() == 8081);
            assertThat(t.service("mender-inventory").orElseThrow().listenPort()).isEqualTo(8080);
        }
    }

    @Test
    void rootLeftToTheGuisOwnRedirect(@TempDir Path tmp) throws Exception {
        String conf = Files.readString(materialize("gateway-ui-redirect-to-gui", tmp).resolve("gateway/default.conf.template"));
        assertThat(conf).doesNotContain("location = / {").contains("location = /ui {", "proxy_pass http://$gui_upstream;");
    }

    @Test
    void inventoryPrefixRewrittenWrongOrSentToTheGui(@TempDir Path tmp) throws Exception {
        String rewrite = Files.readString(materialize("gateway-inventory-rewrite-wrong", tmp).resolve("gateway/default.conf.template"));
        assertThat(rewrite).contains("/api/0.1/$1 break;").doesNotContain("/api/0.1.0/$1 break;");
        String gui = Files.readString(materialize("gateway-inventory-routed-to-gui", tmp).resolve("gateway/default.conf.template"));
        String block = gui.substring(gui.indexOf("location ~ ^/api/management/v1/inventory/ {"));
        assertThat(block.substring(0, block.indexOf('}'))).contains("proxy_pass http://$gui_upstream;");
    }

    @Test
    void useradmClaimsInventorysName(@TempDir Path tmp) {
        Topology swarm = Manifests.load(materialize("swarm-useradm-claims-inventory-name", tmp)).swarmTopology().orElseThrow();
        assertThat(swarm.service("mender-useradm").orElseThrow().aliases()).containsExactly("mender-inventory");
        // the name's declared target is still inventory: any address of useradm behind it is another service's
        assertThat(NameTargets.target(swarm, "mender-inventory").orElseThrow().name()).isEqualTo("mender-inventory");
    }

    @Test
    void guiWithZeroReplicas(@TempDir Path tmp) {
        Manifests m = Manifests.load(materialize("gui-not-deployed", tmp));
        assertThat(m.swarmTopology().orElseThrow().service("mender-gui").orElseThrow().replicas()).isZero();
        assertThat(m.kubernetesTopology().orElseThrow().service("mender-gui").orElseThrow().replicas()).isZero();
        Manifests reference = Manifests.load(REFERENCE);
        assertThat(reference.swarmTopology().orElseThrow().service("mender-gui").orElseThrow().replicas()).isOne();
    }

    @Test
    void minioPinnedToANodeLabelNoNodeHas(@TempDir Path tmp) throws Exception {
        Path dir = materialize("minio-pinned-to-unlabelled-node", tmp);
        String stack = Files.readString(dir.resolve("swarm/stack.yml"), StandardCharsets.UTF_8);
        assertThat(stack.substring(stack.indexOf("  minio:"))).contains("- node.labels.mender.data == true")
                .doesNotContain("node.role == manager");
        assertThat(Files.readString(dir.resolve("kubernetes/minio.yaml"), StandardCharsets.UTF_8))
                .contains("nodeSelector:\n        mender.data: \"true\"");
        assertThat(Manifests.load(dir).swarmTopology().orElseThrow().service("minio")).isPresent();
    }
}
