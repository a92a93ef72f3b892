package dev.menderharness.images;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class ImagePolicyTest {

    @Test
    void upstreamKeepsImagesAsWritten() {
        ImagePolicy p = ImagePolicy.of("upstream", null, Path.of("."));
        assertThat(p.name()).isEqualTo("upstream");
        assertThat(p.resolve("mendersoftware/deployments:v4.1.3")).isEqualTo("mendersoftware/deployments:v4.1.3");
        assertThat(p.resolve("nginx:1.28.0")).isEqualTo("nginx:1.28.0");
        assertThatThrownBy(() -> p.resolve("not an image")).isInstanceOf(ImageException.class).hasMessageContaining("not an image");
    }

    @Test
    void defaultPolicyIsUpstream() {
        assertThat(ImagePolicy.of("", null, Path.of(".")).name()).isEqualTo("upstream");
        assertThat(ImagePolicy.of(null, null, Path.of(".")).name()).isEqualTo("upstream");
    }

    @Test
    void mirrorPrefixesDockerHubImagesWithTheirFullPath() {
        ImagePolicy p = ImagePolicy.of("mirror", "mirror.example:5000/hub/", Path.of("."));
        assertThat(p.name()).isEqualTo("mirror");
        assertThat(p.resolve("nginx:1.28.0")).isEqualTo("mirror.example:5000/hub/library/nginx:1.28.0");
        assertThat(p.resolve("docker.io/library/mongo:8.0.28")).isEqualTo("mirror.example:5000/hub/library/mongo:8.0.28");
        assertThat(p.resolve("library/nats:2.10.29-alpine")).isEqualTo("mirror.example:5000/hub/library/nats:2.10.29-alpine");
        assertThat(p.resolve("minio/minio:RELEASE.2025-04-22T22-12-26Z"))
                .isEqualTo("mirror.example:5000/hub/minio/minio:RELEASE.2025-04-22T22-12-26Z");
        assertThat(p.resolve("docker.io/mendersoftware/useradm:v4.1.3")).isEqualTo("mirror.example:5000/hub/mendersoftware/useradm:v4.1.3");
    }

    @Test
    void mirrorKeepsOtherRegistriesAsFirstPathElementAndDigests() {
        ImagePolicy p = ImagePolicy.of("mirror", "m.local", Path.of("."));
        assertThat(p.resolve("registry.mender.io/mender-server-enterprise/tenantadm:v4.1.3"))
                .isEqualTo("m.local/registry.mender.io/mender-server-enterprise/tenantadm:v4.1.3");
        assertThat(p.resolve("localhost:5000/x:1")).isEqualTo("m.local/localhost:5000/x:1");
        assertThat(p.resolve("nginx@sha256:abc")).isEqualTo("m.local/library/nginx@sha256:abc");
        assertThat(p.resolve("m.local/library/nginx:1")).isEqualTo("m.local/library/nginx:1");
    }

    @Test
    void mirrorWithoutRegistryOrWithSchemeIsAOneLineError() {
        assertThatThrownBy(() -> ImagePolicy.of("mirror", " ", Path.of(".")))
                .isInstanceOf(ImageException.class).hasMessageContaining("-Dimage.mirror");
        assertThatThrownBy(() -> ImagePolicy.of("mirror", "https://m.local", Path.of(".")))
                .isInstanceOf(ImageException.class).hasMessageContaining("without a scheme");
    }

    @Test
    void unknownPolicyIsAnError() {
        assertThatThrownBy(() -> ImagePolicy.of("latest", null, Path.of(".")))
                .isInstanceOf(ImageException.class).hasMessageContaining("unknown image policy 'latest'");
    }

    @Test
    void fixtureMapsEveryManifestAndHarnessImageByRepository() {
        List<FixtureImage> asked = new ArrayList<>();
        FixturePolicy p = new FixturePolicy(f -> {
            asked.add(f);
            return f.repository() + ":h" + f.ordinal();
        });
        assertThat(p.name()).isEqualTo("fixture");
        assertThat(p.resolve("mendersoftware/deployments:v4.1.3")).isEqualTo("mender-harness/deployments:h" + FixtureImage.DEPLOYMENTS.ordinal());
        assertThat(p.resolve("docker.io/mendersoftware/deviceauth:v4.1.3")).startsWith("mender-harness/deviceauth:");
        assertThat(p.resolve("mendersoftware/useradm:v4.1.3")).startsWith("mender-harness/useradm:");
        assertThat(p.resolve("mendersoftware/inventory:v4.1.3")).startsWith("mender-harness/inventory:");
        assertThat(p.resolve("mendersoftware/workflows:v4.1.3")).startsWith("mender-harness/workflows:");
        assertThat(p.resolve("mendersoftware/gui:v4.1.3")).startsWith("mender-harness/gui:");
        assertThat(p.resolve("nginx:1.28.0")).startsWith("mender-harness/gateway:");
        assertThat(p.resolve("docker.io/library/mongo:8.0.28")).startsWith("mender-harness/mongo:");
        assertThat(p.resolve("nats:2.10.29-alpine")).startsWith("mender-harness/nats:");
        assertThat(p.resolve("minio/minio:RELEASE.2025-04-22T22-12-26Z")).startsWith("mender-harness/minio:");
        assertThat(p.resolve(HarnessImages.DIND)).startsWith("mender-harness/dind:");
        assertThat(p.resolve(HarnessImages.PROBE)).startsWith("mender-harness/probe:");
        assertThat(asked).doesNotContain(FixtureImage.JRE, FixtureImage.STANDIN, FixtureImage.SERVICE_BASE);
    }

    @Test
    void fixtureRefusesK3sAndUnknownImagesNamingThem() {
        FixturePolicy p = new FixturePolicy(f -> "x");
        assertThatThrownBy(() -> p.resolve(HarnessImages.K3S))
                .isInstanceOf(ImageException.class).hasMessageContaining("rancher/k3s").hasMessageContaining("no fixture");
        assertThatThrownBy(() -> p.resolve("redis:8.8"))
                .isInstanceOf(ImageException.class).hasMessageContaining("redis:8.8")
                .hasMessageContaining(FixtureImageSet.BUILD_COMMAND).hasMessageNotContaining("\n");
        // an image merely ending in a fixture's repository is not that component
        assertThatThrownBy(() -> p.resolve("registry.mender.io/mender-server-enterprise/deployments:v4.1.3"))
                .isInstanceOf(ImageException.class);
    }

    @Test
    void fixtureNotBuiltNamesTheImageAndTheBuildCommand() {
        FixturePolicy p = new FixturePolicy(f -> {
            throw new ImageException("fixture image " + f.repository() + ":abc is not built: run " + FixtureImageSet.BUILD_COMMAND);
        });
        assertThatThrownBy(() -> p.resolve("nginx:1.28.0"))
                .isInstanceOf(ImageException.class)
                .hasMessageStartingWith("nginx:1.28.0: fixture image mender-harness/gateway:abc is not built")
                .hasMessageContaining("images build --policy fixture");
    }

    @Test
    void fixtureImagesAreLeftAlone() {
        FixturePolicy p = new FixturePolicy(f -> "x");
        assertThat(p.resolve("mender-harness/gateway:0123456789ab")).isEqualTo("mender-harness/gateway:0123456789ab");
    }

    @Test
    void settingsNamePolicyAndMirror() {
        java.util.Properties props = new java.util.Properties();
        props.setProperty("image.policy", "mirror");
        props.setProperty("image.mirror", "cache.local:5000");
        ImagePolicy p = ImagePolicy.of(dev.menderharness.support.Settings.from(props, java.util.Map.of()));
        assertThat(p.resolve("mongo:8.0.28")).isEqualTo("cache.local:5000/library/mongo:8.0.28");
    }

}
