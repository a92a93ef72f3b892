package dev.menderharness.cluster.swarm;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.menderharness.images.FixturePolicy;
import dev.menderharness.images.ImageException;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** -Dmanifests.dir pointing at a Compose project on Swarm, and fixture mode meeting images it cannot supply. */
class ComposeStackTest {
    static final Path PROJECT = Path.of("fixtures/compose-project");

    @Test
    void aComposeProjectIsAManifestsDirectoryTheSwarmDeployerReads() {
        assertThat(SwarmStackDeployer.stackFileProblem(PROJECT)).isEmpty();
        StackFile stack = SwarmStackDeployer.userStack(PROJECT, Map.of()).orElseThrow();
        assertThat(stack.services()).containsKeys("mender-api-gateway", "minio");
        assertThat(stack.image("mender-deployments")).isEqualTo("mendersoftware/deployments:v4.1.3");
        assertThat(stack.source()).isEqualTo(PROJECT.resolve("swarm/stack.yml"));
    }

    @Test
    void imagesTheFixturesCannotSupplyAreNamedTogetherInOneLine() {
        StackFile stack = StackFile.parse(Path.of("docker-compose.yml"), """
                services:
                  gateway: {image: "traefik:v3.7.1"}
                  s3: {image: "chrislusf/seaweedfs:4.31"}
                  deployments: {image: "mendersoftware/deployments:v4.1.3"}
                """);
        FixturePolicy fixture = new FixturePolicy(i -> "mender-harness/" + i.name().toLowerCase() + ":built");
        assertThatThrownBy(() -> SwarmStackDeployer.resolveAll(stack, fixture::resolve)).isInstanceOf(ImageException.class)
                .hasMessageStartingWith("the fixture images cannot supply traefik:v3.7.1, chrislusf/seaweedfs:4.31: use image policy upstream or mirror")
                .satisfies(e -> assertThat(e.getMessage()).doesNotContain("\n"));
    }
}
