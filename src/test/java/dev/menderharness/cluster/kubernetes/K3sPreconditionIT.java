package dev.menderharness.cluster.kubernetes;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowable;

import dev.menderharness.cluster.ClusterOptions;
import dev.menderharness.cluster.ClusterPreconditionException;
import dev.menderharness.cluster.RunLabels;
import dev.menderharness.cluster.RunningStack;
import dev.menderharness.images.ImagePolicy;
import dev.menderharness.junit.Tags;
import dev.menderharness.support.Reporter;
import dev.menderharness.support.Settings;
import java.nio.file.Path;
import java.time.Duration;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.testcontainers.DockerClientFactory;

/**
 * The k3s provider on whatever host runs the build. Where k3s can run (a GitHub runner) it starts
 * and serves the reference stack; where it cannot (no registry, privileged refused) it must say so
 * as an aborted precondition with a one-line reason, quickly, leaving nothing behind.
 */
@Tag(Tags.K3S)
class K3sPreconditionIT {

    static final Path MANIFESTS = Settings.fromEnvironment().manifestsDir();

    private static final Settings SETTINGS = Settings.fromEnvironment();

    private static ClusterOptions options(String runId) {
        return ClusterOptions.throwaway(runId, SETTINGS, Reporter.console()).withWorkers(0);
    }

    @Test
    void preconditionsAreDecidedBeforeStartingAndReportedInOneLine() {
        String runId = RunLabels.newRunId();
        long start = System.nanoTime();
        Throwable thrown = catchThrowable(() -> {
            try (K3sCluster cluster = K3sCluster.start(options(runId), ImagePolicy.of(SETTINGS))) {
                assertThat(cluster.nodes()).hasSize(1);
            }
        });
        Duration took = Duration.ofNanos(System.nanoTime() - start);
        if (thrown == null) {
            return; // k3s ran here and had its node: nothing to explain
        }
        assertThat(SETTINGS.clusterRequired()).as("-Dcluster.required=true, but " + thrown.getMessage()).isFalse();
        assertThat(thrown).isInstanceOf(ClusterPreconditionException.class);
        assertThat(thrown.getMessage()).startsWith(K3sPreconditions.PREFIX).doesNotContain("\n").hasSizeLessThan(400);
        System.out.println("[harness] k3s precondition: " + thrown.getMessage() + " (decided in " + took.toMillis() + " ms)");
        assertThat(took).as("no Testcontainers pull retries").isLessThan(Duration.ofSeconds(60));
        if (DockerClientFactory.instance().isDockerAvailable()) {
            assertThat(DockerClientFactory.instance().client().listContainersCmd().withShowAll(true)
                    .withLabelFilter(java.util.Map.of(RunLabels.RUN, runId)).exec()).as("nothing left behind").isEmpty();
        }
    }

    /** Aborted (not failed, not passed) where k3s cannot run; a real deploy where it can. */
    @Test
    void referenceStackBecomesReadyOnK3s() {
        try (K3sCluster cluster = K3sCluster.start(options(RunLabels.newRunId()), ImagePolicy.of(SETTINGS));
             RunningStack stack = cluster.deploy(MANIFESTS, "ref")) {
            assertThat(stack.runningReplicas("mender-useradm")).isPositive();
            assertThat(stack.replicaAddresses("mender-useradm")).isNotEmpty();
            assertThat(stack.probe("mender-useradm", "getent", "hosts", "mender-useradm").ok()).isTrue();
        } catch (ClusterPreconditionException e) {
            if (SETTINGS.clusterRequired()) throw new AssertionError("-Dcluster.required=true, but " + e.getMessage(), e);
            throw e;
        }
    }

    /** A @MenderClusterTest suite run with -Dcluster=k3s on a host where k3s cannot run: aborted, reason in one line. */
    @Test
    void clusterSuitesOnK3sAreAbortedWithTheReasonWhereK3sCannotRun() {
        var docker = DockerClientFactory.instance().client();
        var unmet = K3sPreconditions.unmet(docker, K3sCluster.image(ImagePolicy.of(SETTINGS)),
                java.util.Map.of(RunLabels.RUN, RunLabels.newRunId()));
        if (unmet.isEmpty()) {
            return; // k3s runs here: the tagged suites themselves run on it
        }
        assertThat(dev.menderharness.junit.ClusterPreconditionReportingTest.runNested("k3s"))
                .containsExactly("ABORTED: " + unmet.get());
    }

    @Test
    void providerRegistryKnowsBothKubernetesProviders() {
        assertThat(dev.menderharness.cluster.ClusterProviders.names()).contains("k3s", "kubeconfig");
        assertThat(ClusterPreconditionException.class).isAssignableTo(org.opentest4j.TestAbortedException.class);
    }
}
