package dev.menderharness.junit;

import static org.assertj.core.api.Assertions.assertThat;

import dev.menderharness.cluster.ClusterPreconditionException;
import dev.menderharness.cluster.ClusterProvider;
import dev.menderharness.cluster.RunningStack;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.EnabledIfSystemProperty;
import org.junit.platform.engine.TestExecutionResult;
import org.junit.platform.launcher.TestExecutionListener;
import org.junit.platform.launcher.TestIdentifier;

/**
 * A cluster that cannot run on this host must make the suites that need it ABORTED with its
 * one-line reason: not failed (JUnit wraps exceptions thrown while resolving parameters into
 * failures, so the extension rethrows the abort from beforeAll) and not silently passed.
 */
public class ClusterPreconditionReportingTest {

    static final String REASON = "k3s cannot run on this host: the engine refuses privileged containers (test)";

    /** The "suite" run by the nested launcher; enabled only there. */
    @MenderClusterTest
    @EnabledIfSystemProperty(named = "harness.nested-suite", matches = "true")
    public static class NeedsACluster {
        @Test
        void first(RunningStack stack) {
            assertThat(stack).isNotNull();
        }

        @Test
        void second(RunningStack stack) {
            assertThat(stack).isNotNull();
        }
    }

    /** A suite for Kubernetes only: on a Swarm provider it must be aborted before any cluster is created. */
    @MenderClusterTest
    @RequiresCluster(value = dev.menderharness.cluster.ClusterKind.KUBERNETES, because = "test")
    @EnabledIfSystemProperty(named = "harness.nested-suite", matches = "true")
    public static class NeedsKubernetes {
        @Test
        void only(RunningStack stack) {
            assertThat(stack).isNotNull();
        }
    }

    public static List<String> runNested(String provider) {
        return runNested(provider, NeedsACluster.class);
    }

    static List<String> runNested(String provider, Class<?> suite) {
        return runNested(provider, suite, new ArrayList<>());
    }

    /** As {@link #runNested(String, Class)}; the test methods' outcomes go to {@code methods}. */
    static List<String> runNested(String provider, Class<?> suite, List<String> methods) {
        List<String> outcomes = new ArrayList<>();
        String before = System.getProperty("cluster");
        System.setProperty("cluster", provider);
        System.setProperty("harness.nested-suite", "true");
        try {
            IsolatedLauncher.run(suite, new TestExecutionListener() {
                @Override
                public void executionFinished(TestIdentifier id, TestExecutionResult result) {
                    String outcome = result.getStatus() + ": " + result.getThrowable().map(Throwable::getMessage).orElse("");
                    if (id.isContainer() && id.getSource().map(s -> s.toString().contains("ClassSource")).orElse(false)) {
                        outcomes.add(outcome);
                    } else if (id.isTest()) {
                        methods.add(outcome);
                    }
                }
            });
        } finally {
            System.clearProperty("harness.nested-suite");
            if (before == null) System.clearProperty("cluster");
            else System.setProperty("cluster", before);
        }
        return outcomes;
    }

    /** Registered for tests only (src/test/resources/META-INF/services): a provider whose cluster cannot run here. */
    public static final class UnrunnableProvider implements ClusterProvider {
        @Override
        public String name() {
            return "test-unrunnable";
        }

        @Override
        public dev.menderharness.cluster.ClusterKind kind() {
            return dev.menderharness.cluster.ClusterKind.SWARM;
        }

        @Override
        public java.util.Optional<String> manifestProblem(java.nio.file.Path dir) {
            return java.util.Optional.empty();
        }

        @Override
        public dev.menderharness.cluster.Cluster create(dev.menderharness.cluster.ClusterOptions options) {
            throw new ClusterPreconditionException(REASON);
        }
    }

    @Test
    void aClusterThatCannotRunAbortsTheSuiteWithItsOneLineReason() {
        assertThat(runNested("test-unrunnable")).containsExactly("ABORTED: " + REASON);
    }

    @Test
    void aSuiteForAnotherKindOfClusterIsAbortedBeforeAnyClusterStarts() {
        // the provider's create() would abort with REASON: the kind check must come first
        assertThat(runNested("test-unrunnable", NeedsKubernetes.class)).containsExactly(
                "ABORTED: applies to Kubernetes clusters only (test); -Dcluster=test-unrunnable is Swarm");
    }

    /** -Dcluster.required=true (the k3s workflow): a cluster that cannot run fails the suite instead of aborting it. */
    @Test
    void withClusterRequiredAClusterThatCannotRunFailsTheSuite() {
        System.setProperty("cluster.required", "true");
        try {
            List<String> methods = new ArrayList<>();
            assertThat(runNested("test-unrunnable", NeedsACluster.class, methods)).noneMatch(o -> o.startsWith("ABORTED"));
            assertThat(methods).hasSize(2).allSatisfy(o -> assertThat(o)
                    .startsWith("FAILED: ").contains("-Dcluster.required=true, but " + REASON));
        } finally {
            System.clearProperty("cluster.required");
        }
    }
}
