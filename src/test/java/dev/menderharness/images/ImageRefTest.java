package dev.menderharness.images;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

class ImageRefTest {
    @Test
    void normalisesDockerHubNames() {
        assertThat(ImageRef.parse("nginx").repository()).isEqualTo("nginx");
        assertThat(ImageRef.parse("docker.io/library/nginx:1.28.0").repository()).isEqualTo("nginx");
        assertThat(ImageRef.parse("index.docker.io/minio/minio:x").repository()).isEqualTo("minio/minio");
        assertThat(ImageRef.parse("nginx:1.28.0").path()).isEqualTo("library/nginx");
    }

    @Test
    void keepsRegistryPortTagAndDigest() {
        ImageRef r = ImageRef.parse("localhost:5000/a/b:1.0@sha256:ff");
        assertThat(r.registry()).isEqualTo("localhost:5000");
        assertThat(r.path()).isEqualTo("a/b");
        assertThat(r.tag()).isEqualTo("1.0");
        assertThat(r.digest()).isEqualTo("sha256:ff");
        assertThat(r.repository()).isEqualTo("localhost:5000/a/b");
        assertThat(ImageRef.parse("host:5000/x").tag()).isNull();
    }

    @Test
    void rejectsMalformedReferences() {
        assertThatThrownBy(() -> ImageRef.parse("")).isInstanceOf(ImageException.class);
        assertThatThrownBy(() -> ImageRef.parse("nginx:")).isInstanceOf(ImageException.class);
        assertThatThrownBy(() -> ImageRef.parse("a b")).isInstanceOf(ImageException.class);
    }
}
