package dev.menderharness.cluster.swarm;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.menderharness.cluster.ClusterOptions;
import dev.menderharness.cluster.ClusterPreconditionException;
import dev.menderharness.cluster.ClusterProviders;
import dev.menderharness.images.ImagePolicy;
import dev.menderharness.support.Reporter;
import dev.menderharness.support.Settings;
import org.junit.jupiter.api.Test;

/** docker-host refuses what it cannot or must not do with one line, as an aborted precondition. */
class DockerHostPreconditionsTest {

    private static final ClusterOptions OPTIONS = ClusterOptions.throwaway("r1", Settings.defaults(), Reporter.console());

    @Test
    void registeredUnderItsName() {
        assertThat(ClusterProviders.get("docker-host").name()).isEqualTo("docker-host");
    }

    @Test
    void withoutDockerHostItSaysWhatToSet() {
        assertThatThrownBy(() -> DockerHostSwarmCluster.connect(OPTIONS, ImagePolicy.of(Settings.defaults()), null))
                .isInstanceOf(ClusterPreconditionException.class)
                .hasMessageContaining("DOCKER_HOST").hasMessageNotContaining("\n");
    }

    @Test
    void anEngineThatDoesNotAnswerIsAPreconditionNotAFailure() {
        // port 1 on loopback: nothing listens there
        assertThatThrownBy(() -> DockerHostSwarmCluster.connect(OPTIONS, ImagePolicy.of(Settings.defaults()), "tcp://127.0.0.1:1"))
                .isInstanceOf(ClusterPreconditionException.class)
                .hasMessageStartingWith("cluster docker-host: DOCKER_HOST=tcp://127.0.0.1:1 does not answer")
                .hasMessageNotContaining("\n");
    }

    @Test
    void remoteNodesPublishOnTheManagersAddressAndReadLocalFiles() {
        DockerHostNode node = new DockerHostNode("manager", java.net.URI.create("tcp://10.1.2.3:2375"), null);
        assertThat(node.published("https", 443)).hasToString("https://10.1.2.3:443");
        assertThat(node.copyIn(java.nio.file.Path.of("/tmp/x"), "/stacks/x/1")).isEqualTo("/tmp/x");
        assertThat(node.reachable()).isFalse();
        assertThatThrownBy(node::client).hasMessageContaining("not reachable").hasMessageContaining("tcp://10.1.2.3:2375");
    }

    @Test
    void dockerCliCommandsRunHereWithTheNodesDockerHost() {
        DockerHostNode node = new DockerHostNode("manager", java.net.URI.create("tcp://10.1.2.3:2375"), null);
        var r = node.exec("sh", "-c", "echo $DOCKER_HOST");
        assertThat(r.ok()).isTrue();
        assertThat(r.stdout().strip()).isEqualTo("tcp://10.1.2.3:2375");
    }
}
