package dev.menderharness.cluster.swarm;

import static org.assertj.core.api.Assertions.assertThat;

import com.github.dockerjava.api.model.ExposedPort;
import dev.menderharness.cluster.RunLabels;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.testcontainers.shaded.com.github.dockerjava.core.command.CreateContainerCmdImpl;

/** The one node spec both lifecycles (Testcontainers throwaway, docker-java kept) create nodes from. */
class DindNodeSpecTest {

    private static CreateContainerCmdImpl spec(Map<String, String> existingLabels, NodeSecurity security) {
        CreateContainerCmdImpl cmd = new CreateContainerCmdImpl(command -> { throw new AssertionError("not executed"); }, null, "mender-harness/dind:x");
        cmd.withLabels(existingLabels);
        DindNode.configure(cmd, "mh-r1-manager", "manager", "mh-r1", "mh-r1-manager-docker", security,
                List.of(2376, 443), RunLabels.forThisProcess("r1", Duration.ofDays(36500), true).asMap());
        return cmd;
    }

    @Test
    void nodeCarriesRunAndKeepLabelsNameAliasAndNetwork() {
        var cmd = spec(Map.of(), NodeSecurity.CAPABILITY_RECIPE);
        assertThat(cmd.getLabels()).containsEntry(RunLabels.RUN, "r1").containsEntry(RunLabels.KEEP, "true");
        assertThat(cmd.getName()).isEqualTo("mh-r1-manager");
        assertThat(cmd.getHostName()).isEqualTo("manager");
        assertThat(cmd.getAliases()).containsExactly("manager");
        assertThat(cmd.getHostConfig().getNetworkMode()).isEqualTo("mh-r1");
        assertThat(cmd.getEnv()).contains("DOCKER_TLS_CERTDIR=");
    }

    @Test
    void theEngineListensOnTcpOnlyWithTlsAndClientVerification() {
        var cmd = spec(Map.of(), NodeSecurity.CAPABILITY_RECIPE);
        assertThat(cmd.getCmd()).contains("--host=tcp://0.0.0.0:2376", "--tlsverify")
                .contains("--tlscacert=" + NodeTls.NODE_DIR + "/ca.pem", "--tlscert=" + NodeTls.NODE_DIR + "/cert.pem",
                        "--tlskey=" + NodeTls.NODE_DIR + "/key.pem")
                .noneMatch(a -> a.startsWith("--tls=") || a.contains(":2375"));
        assertThat(NodeTls.generate("r1").nodeFiles()).containsOnlyKeys(
                NodeTls.NODE_DIR + "/ca.pem", NodeTls.NODE_DIR + "/cert.pem", NodeTls.NODE_DIR + "/key.pem");
    }

    @Test
    void everyPublishedPortIsBoundToLoopbackOnly() {
        var bindings = spec(Map.of(), NodeSecurity.CAPABILITY_RECIPE).getHostConfig().getPortBindings().getBindings();
        assertThat(bindings).containsOnlyKeys(ExposedPort.tcp(2376), ExposedPort.tcp(443));
        bindings.values().forEach(b -> assertThat(b[0].getHostIp()).isEqualTo("127.0.0.1"));
    }

    @Test
    void capabilityRecipeInsteadOfPrivilegedWhenRefused() {
        var recipe = spec(Map.of(), NodeSecurity.CAPABILITY_RECIPE).getHostConfig();
        assertThat(recipe.getPrivileged()).isNotEqualTo(Boolean.TRUE);
        assertThat(recipe.getSecurityOpts()).contains("seccomp=unconfined");
        assertThat(recipe.getBinds()).anyMatch(b -> b.getPath().equals("/sys/fs/cgroup"));
        assertThat(spec(Map.of(), NodeSecurity.PRIVILEGED).getHostConfig().getPrivileged()).isTrue();
    }

    @Test
    void onlyTheCapabilityRecipeTellsDockerdToGoOnWhenIpv6CannotBeDisabled() {
        // Without --privileged /proc/sys is read-only: dockerd 26 would reject every overlay task.
        assertThat(spec(Map.of(), NodeSecurity.CAPABILITY_RECIPE).getEnv()).contains("DOCKER_ALLOW_IPV6_ON_IPV4_INTERFACE=1");
        assertThat(spec(Map.of(), NodeSecurity.PRIVILEGED).getEnv()).noneMatch(e -> e.startsWith("DOCKER_ALLOW_IPV6"));
    }

    @Test
    void nodeRunsTheNodeEntryWithItsOwnDataRootInTheRunsSharedVolume() {
        var cmd = spec(Map.of(), NodeSecurity.CAPABILITY_RECIPE);
        assertThat(cmd.getEntrypoint()).containsExactly("sh", "-c", NodeEntry.SCRIPT, "node-entry");
        // containerd is up before dockerd starts and is handed to it (no managed one to dial too early)
        String script = NodeEntry.SCRIPT;
        assertThat(script.indexOf("containerd --config")).isPositive()
                .isLessThan(script.indexOf("exec dockerd-entrypoint.sh dockerd \"$@\" --data-root=\"$me\" --containerd=\"$run/containerd.sock\""));
        assertThat(cmd.getEnv()).contains("MH_NODE=manager");
        assertThat(cmd.getHostConfig().getBinds())
                .anyMatch(b -> b.getPath().equals("mh-r1-manager-docker") && b.getVolume().getPath().equals("/var/lib/docker"));
    }

    @Test
    void labelsAlreadyOnTheCommandAreKeptAndOursWin() {
        var cmd = spec(Map.of("org.example", "x", RunLabels.RUN, "stale"), NodeSecurity.CAPABILITY_RECIPE);
        assertThat(cmd.getLabels()).containsEntry("org.example", "x").containsEntry(RunLabels.RUN, "r1");
    }
}
