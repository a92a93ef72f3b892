package dev.menderharness.checks;

import static org.assertj.core.api.Assertions.assertThat;

import dev.menderharness.checks.dns.NameTargets;
import dev.menderharness.checks.storage.S3Settings;
import dev.menderharness.contract.MenderComponent;
import dev.menderharness.manifest.ManifestVariant;
import dev.menderharness.manifest.Manifests;
import dev.menderharness.manifest.ServiceSpec;
import dev.menderharness.manifest.Topology;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The broken variants of the storage and recovery checks still apply to the reference manifests
 * (each find occurs exactly once) and change what they claim to, in both forms.
 */
class DataVariantsTest {

    // this project's reference manifests, whatever -Dmanifests.dir points the cluster suites at
    static final Path MANIFESTS = Path.of("manifests");
    static final Path BROKEN = Path.of("fixtures/broken");

    @TempDir
    Path tmp;

    private Path materialize(String name) {
        return ManifestVariant.load(BROKEN.resolve(name)).materialize(MANIFESTS, tmp.resolve(name));
    }

    @Test
    void s3HostMissing() throws Exception {
        Path d = materialize("deployments-s3-host-missing");
        assertThat(Files.readString(d.resolve("swarm/stack.yml"))).contains("http://minio-does-not-exist:9000")
                .doesNotContain("DEPLOYMENTS_AWS_URI: http://minio:9000");
        assertThat(Files.readString(d.resolve("kubernetes/deployments.yaml"))).contains("http://minio-does-not-exist:9000");
        assertThat(ManifestVariant.load(BROKEN.resolve("deployments-s3-host-missing")).breaks()).isEqualTo("storage-artifact");
    }

    /** Issue 16 item 5: on Kubernetes the broken pod must replace the healthy one, or the old pod keeps answering. */
    @Test
    void s3HostMissingReplacesTheKubernetesPodInsteadOfRollingIt() throws Exception {
        Path d = materialize("deployments-s3-host-missing");
        assertThat(strategyOfDeployments(d)).isEqualTo("Recreate");
        assertThat(strategyOfDeployments(MANIFESTS)).as("the reference keeps the default").isEmpty();
        assertThat(Files.readString(d.resolve("swarm/stack.yml"))).doesNotContain("Recreate");
    }

    private static String strategyOfDeployments(Path manifests) throws Exception {
        String yaml = Files.readString(manifests.resolve("kubernetes/deployments.yaml"));
        com.fasterxml.jackson.databind.ObjectMapper m = new com.fasterxml.jackson.databind.ObjectMapper(
                new com.fasterxml.jackson.dataformat.yaml.YAMLFactory());
        for (String doc : yaml.split("(?m)^---\\s*$")) {
            com.fasterxml.jackson.databind.JsonNode n = m.readTree(doc);
            if (n != null && "Deployment".equals(n.path("kind").asText())) {
                return n.path("spec").path("strategy").path("type").asText("");
            }
        }
        throw new AssertionError("no Deployment in " + manifests);
    }

    @Test
    void externalUriMisspelledLeavesLinksOnTheInternalName() throws Exception {
        Path d = materialize("deployments-external-uri-misspelled");
        for (Topology t : List.of(Manifests.load(d).swarmTopology().orElseThrow(), Manifests.load(d).kubernetesTopology().orElseThrow())) {
            ServiceSpec deployments = t.serviceOf(MenderComponent.DEPLOYMENTS).orElseThrow();
            assertThat(deployments.env()).containsKey("DEPLOYMENTS_AWS_EXTERNAL_URL").doesNotContainKey("DEPLOYMENTS_AWS_EXTERNAL_URI");
            S3Settings s3 = S3Settings.from(t);
            // deployments then signs for its internal URI, which names the storage service itself
            assertThat(s3.externalUri()).isEqualTo(s3.internalUri());
            assertThat(NameTargets.target(t, s3.externalUri().getHost()).map(ServiceSpec::name)).contains(s3.storage().name());
        }
    }

    private String location(Path d, String head) throws Exception {
        String conf = Files.readString(d.resolve("gateway/default.conf.template"));
        String block = conf.substring(conf.indexOf(head));
        return block.substring(0, block.indexOf("\n    }"));
    }

    @Test
    void storageRouteWithoutTheClientsHost() throws Exception {
        Path d = materialize("gateway-storage-host-header-dropped");
        assertThat(location(d, "location ^~ /mender-artifact-storage/")).contains("proxy_pass http://$storage_upstream;")
                .doesNotContain("proxy_set_header Host");
        assertThat(location(MANIFESTS, "location ^~ /mender-artifact-storage/")).contains("proxy_set_header Host            $http_host;");
    }

    @Test
    void storageRouteCachedByPathAlone() throws Exception {
        Path d = materialize("gateway-caches-artifacts");
        assertThat(Files.readString(d.resolve("gateway/default.conf.template"))).contains("proxy_cache_path /tmp/mender-artifact-cache");
        assertThat(location(d, "location ^~ /mender-artifact-storage/"))
                .contains("proxy_cache mender_artifacts;", "proxy_cache_key $uri;", "proxy_buffering on;");
    }

    @Test
    void bodySizeLeftAtNginxsDefault() throws Exception {
        Path d = materialize("gateway-body-size-default");
        assertThat(Files.readString(d.resolve("gateway/default.conf.template"))).doesNotContain("client_max_body_size");
        assertThat(Files.readString(MANIFESTS.resolve("gateway/default.conf.template"))).contains("client_max_body_size    0;");
    }

    @Test
    void deploymentsRouteResolvedOnceAtStartup() throws Exception {
        String head = "location ~ ^/api/management/v[0-9a-z]+/deployments {";
        assertThat(location(materialize("gateway-deployments-resolved-at-startup"), head))
                .contains("proxy_pass http://mender-deployments${MENDER_UPSTREAM_DOMAIN}:8080;").doesNotContain("$deployments_upstream");
    }

    @Test
    void mongoWithoutVolume() throws Exception {
        Path d = materialize("mongo-without-volume");
        String stack = Files.readString(d.resolve("swarm/stack.yml"));
        assertThat(stack).doesNotContain("mender-mongo-data:/data/db").contains("mender-minio-data:/data");
        assertThat(Files.readString(d.resolve("kubernetes/mongo.yaml"))).doesNotContain("mountPath: /data/db");
    }

    @Test
    void deploymentsPinned() throws Exception {
        Path d = materialize("deployments-pinned-to-one-node");
        String stack = Files.readString(d.resolve("swarm/stack.yml"));
        int deployments = stack.indexOf("  mender-deployments:");
        int next = stack.indexOf("  mender-device-auth:");
        assertThat(stack.substring(deployments, next)).contains("node.hostname == ${HARNESS_TARGET_NODE}");
        assertThat(Files.readString(d.resolve("kubernetes/deployments.yaml"))).contains("kubernetes.io/hostname: ${HARNESS_TARGET_NODE}");
    }

    @Test
    void deploymentsNotRestarted() throws Exception {
        Path d = materialize("deployments-not-restarted");
        String stack = Files.readString(d.resolve("swarm/stack.yml"));
        int deployments = stack.indexOf("  mender-deployments:");
        int next = stack.indexOf("  mender-device-auth:");
        assertThat(stack.substring(deployments, next)).contains("condition: none");
        assertThat(stack.substring(next)).doesNotContain("condition: none");
    }

    @Test
    void minioWithoutVolume() throws Exception {
        Path d = materialize("minio-without-volume");
        assertThat(Files.readString(d.resolve("swarm/stack.yml"))).doesNotContain("- mender-minio-data:/data")
                .contains("mender-mongo-data:/data/db");
        assertThat(Files.readString(d.resolve("kubernetes/minio.yaml"))).doesNotContain("mountPath: /data");
        assertThat(ManifestVariant.load(BROKEN.resolve("minio-without-volume")).breaks()).startsWith("storage-minio-restart");
    }

    @Test
    void gatewayStartFirstOnHostPorts() throws Exception {
        Path d = materialize("gateway-start-first-on-host-ports");
        String stack = Files.readString(d.resolve("swarm/stack.yml"));
        String gateway = stack.substring(stack.indexOf("  mender-api-gateway:"), stack.indexOf("  mender-deployments:"));
        assertThat(gateway).contains("order: start-first", "- node.role == manager").doesNotContain("mode: ingress");
        assertThat(gateway.split("mode: host", -1)).hasSize(3);
        assertThat(stack.substring(stack.indexOf("  mender-deployments:"))).doesNotContain("start-first");
    }
}
