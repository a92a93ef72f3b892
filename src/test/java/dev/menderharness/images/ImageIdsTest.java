package dev.menderharness.images;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class ImageIdsTest {

    @Test
    void namesAreLookedUpUnderTheTagTheEngineListsThemWith() {
        assertThat(ImageIds.listedAs("mender-harness/mongo:6887ec834d2e")).isEqualTo("mender-harness/mongo:6887ec834d2e");
        assertThat(ImageIds.listedAs("docker.io/library/mongo:8.0.28")).isEqualTo("mongo:8.0.28");
        assertThat(ImageIds.listedAs("nginx")).isEqualTo("nginx:latest");
        assertThat(ImageIds.listedAs("localhost:5000/mender/deployments:v4"))
                .isEqualTo("localhost:5000/mender/deployments:v4");
    }

    @Test
    void digestsAndNonReferencesAreLeftToAnInspect() {
        assertThat(ImageIds.listedAs("mongo@sha256:" + "a".repeat(64))).isNull();
        assertThat(ImageIds.listedAs("not a reference")).isNull();
    }
}
