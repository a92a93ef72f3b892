package dev.menderharness.images;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

/** An image the fixtures cannot supply (Traefik, in Mender's own compose file) stops the bring-up with one line naming it and the way out. */
class FixturePolicyMessageTest {
    @Test
    void anImageWithoutFixtureNamesItAndSaysToUseUpstream() {
        FixturePolicy policy = new FixturePolicy(image -> "mender-harness/" + image.name().toLowerCase() + ":built");
        assertThatThrownBy(() -> policy.resolve("traefik:v3.7.1")).isInstanceOf(ImageException.class)
                .hasMessageStartingWith("the fixture images cannot supply traefik:v3.7.1: use image policy upstream or mirror")
                .hasMessageContaining("-Dimage.policy=upstream").hasMessageContaining("--policy upstream")
                .satisfies(e -> assertThat(e.getMessage()).doesNotContain("\n"));
        assertThat(policy.resolve("mendersoftware/deployments:v4.1.3")).isEqualTo("mender-harness/deployments:built");
    }
}
