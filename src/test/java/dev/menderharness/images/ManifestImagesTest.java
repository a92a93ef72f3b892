package dev.menderharness.images;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ManifestImagesTest {
    @TempDir
    Path dir;

    @Test
    void findsImagesInKubernetesAndSwarmWithLines() throws Exception {
        Files.createDirectories(dir.resolve("kubernetes"));
        Files.createDirectories(dir.resolve("swarm"));
        Files.writeString(dir.resolve("kubernetes/gateway.yaml"), """
                spec:
                  containers:
                    - name: gw
                      image: "nginx:1.28.0"  # pinned
                  initContainers:
                    - image: 'mongo:8.0.28'
                """);
        Files.writeString(dir.resolve("swarm/stack.yml"), """
                services:
                  mender-nats:
                    image: nats:2.10.29-alpine
                    command: ["-js"]
                  x:
                    labels: {imagex: 1}
                """);
        List<ManifestImages.Use> uses = ManifestImages.scan(dir);
        assertThat(uses).extracting(ManifestImages.Use::image)
                .containsExactly("nginx:1.28.0", "mongo:8.0.28", "nats:2.10.29-alpine");
        assertThat(uses).extracting(ManifestImages.Use::line).containsExactly(4, 6, 3);
    }

    @Test
    void missingDirectoryOrManifestsAreErrors() throws Exception {
        assertThatThrownBy(() -> ManifestImages.scan(dir.resolve("nope"))).isInstanceOf(ImageException.class)
                .hasMessageContaining("does not exist");
        assertThatThrownBy(() -> ManifestImages.scan(dir)).isInstanceOf(ImageException.class)
                .hasMessageContaining("no manifests");
    }

    @Test
    void emptyImageValueIsAnErrorWithFileAndLine() throws Exception {
        Files.createDirectories(dir.resolve("swarm"));
        Files.writeString(dir.resolve("swarm/stack.yml"), "services:\n  a:\n    image: \"\"\n");
        assertThatThrownBy(() -> ManifestImages.scan(dir)).isInstanceOf(ImageException.class)
                .hasMessageContaining("stack.yml:3");
    }
}
