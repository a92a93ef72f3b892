package dev.menderharness.checks;

import static org.assertj.core.api.Assertions.assertThat;

import dev.menderharness.manifest.ManifestVariant;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The broken variants of the storage and recovery checks still apply to the reference manifests
 * (each find occurs exactly once) and change what they claim to, in both forms.
 */
class DataVariantsTest {

    static final Path MANIFESTS = Path.of(System.getProperty("manifests.dir", "manifests"));
    static final Path BROKEN = MANIFESTS.toAbsolutePath().getParent().resolve("fixtures/broken");

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
