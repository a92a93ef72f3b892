package dev.menderharness.junit;

import dev.menderharness.checks.BenchmarkEntry;
import dev.menderharness.cluster.Cluster;
import dev.menderharness.cluster.RunningStack;
import dev.menderharness.report.AllureReporter;
import dev.menderharness.report.BenchmarkCharts;
import dev.menderharness.report.FailureDiagnostics;
import dev.menderharness.support.Settings;
import dev.menderharness.support.TranscriptReporter;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.extension.AfterAllCallback;
import org.junit.jupiter.api.extension.AfterEachCallback;
import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.BeforeEachCallback;
import org.junit.jupiter.api.extension.ExtensionContext;
import org.junit.jupiter.api.extension.LifecycleMethodExecutionExceptionHandler;
import org.junit.jupiter.api.extension.TestExecutionExceptionHandler;
import org.junit.jupiter.api.extension.ParameterContext;
import org.junit.jupiter.api.extension.ParameterResolutionException;
import org.junit.jupiter.api.extension.ParameterResolver;
import org.junit.jupiter.api.extension.TestWatcher;
import org.opentest4j.TestAbortedException;

/**
 * Drives {@link MenderClusterTest}: one {@link ClusterSession} per run in the root store, shared
 * by every class; resolves {@link Cluster} and {@link RunningStack} parameters; on any test
 * failure records the stack's diagnostics (Allure + target/diagnostics/<test>/). A bring-up that
 * failed once fails every later test with the same one-line reason instead of retrying.
 */
public final class MenderClusterExtension implements BeforeAllCallback, BeforeEachCallback, AfterEachCallback, AfterAllCallback,
        ParameterResolver, TestWatcher, TestExecutionExceptionHandler, LifecycleMethodExecutionExceptionHandler {

    private static final ExtensionContext.Namespace NS = ExtensionContext.Namespace.create(MenderClusterExtension.class);

    /** Root-store entry: the session, or why it could not be started. */
    private record Holder(ClusterSession session, RuntimeException failure) implements AutoCloseable {
        @Override
        public void close() {
            if (session != null) session.close();
        }
    }

    /**
     * Starts (or looks up) the session before the class runs, so a cluster that cannot run on this
     * host (ClusterPreconditionException, a TestAbortedException) aborts the class with its one-line
     * reason: thrown from parameter resolution, JUnit would wrap it and report a failure instead.
     */
    @Override
    public void beforeAll(ExtensionContext c) throws Exception {
        ReportFixtures.enter(c);
        // a suite for another kind of cluster is aborted before any cluster starts
        ClusterConditions.kindMismatch(c.getRequiredTestClass(), settings(c).cluster()).ifPresent(Assumptions::abort);
        Holder h = holderInFixture(c);
        if (h.failure() instanceof TestAbortedException aborted) {
            throw aborted;
        }
        if (h.session() != null) {
            ClusterConditions.tooFewNodes(c.getRequiredTestClass(), h.session().cluster().nodes()).ifPresent(Assumptions::abort);
        }
    }

    /**
     * The session, started in a set-up fixture of the first class that needs it (the report shows the
     * bring-up's steps, and where a failed one stopped); every later class gets a set-up fixture
     * naming the session it shares, with the bring-up's numbers.
     */
    private static Holder holderInFixture(ExtensionContext c) throws Exception {
        Holder existing = c.getRoot().getStore(NS).get("session", Holder.class);
        if (existing != null) {
            if (existing.session() != null) {
                ClusterSession s = existing.session();
                ReportFixtures.setUp("shared cluster session, run " + s.cluster().runId(), () ->
                        AllureReporter.INSTANCE.attach("bring-up of this run", "nodes " + s.cluster().nodes()
                                + "\nphases (s) " + s.phases()));
            }
            return existing;
        }
        try {
            return ReportFixtures.setUp("bring up the cluster and deploy the stack", () -> {
                Holder started = holder(c);
                if (started.failure() != null) throw started.failure();
                return started;
            });
        } catch (Exception | Error recorded) {
            return holder(c); // the failure the store keeps (the fixture has recorded it)
        }
    }

    @Override
    public void afterEach(ExtensionContext c) {
        ReportFixtures.leave(c);
        ReportFixtures.enter(c.getParent().orElse(c));
    }

    @Override
    public void afterAll(ExtensionContext c) throws Exception {
        List<BenchmarkEntry> entries = benchmarksOfSuite(c);
        if (!entries.isEmpty()) {
            Map<String, Object> byKey = new LinkedHashMap<>();
            entries.forEach(e -> byKey.put(e.key(), e.values()));
            ReportFixtures.tearDown("benchmark charts of this suite", () -> {
                BenchmarkCharts.seconds("times", byKey).ifPresent(svg -> AllureReporter.INSTANCE.attachSvg("times (s)", svg));
                BenchmarkCharts.latencies("latency percentiles", byKey)
                        .ifPresent(svg -> AllureReporter.INSTANCE.attachSvg("latency percentiles (ms)", svg));
            });
        }
        ReportFixtures.leave(c);
    }

    /** The benchmark entries the checks of this test class recorded (class-level store). */
    @SuppressWarnings("unchecked")
    private static List<BenchmarkEntry> benchmarksOfSuite(ExtensionContext c) {
        ExtensionContext suite = c;
        while (suite.getTestMethod().isPresent() && suite.getParent().isPresent()) suite = suite.getParent().get();
        return suite.getStore(NS).getOrComputeIfAbsent("benchmarks", k -> new CopyOnWriteArrayList<BenchmarkEntry>(), List.class);
    }

    /** Method-level {@link RequiresCluster} and {@link RequiresNodes}. */
    @Override
    public void beforeEach(ExtensionContext c) {
        ReportFixtures.enter(c);
        ReportLabels.labelTest(new java.util.ArrayList<>(c.getTags()));
        ClusterConditions.kindMismatch(c.getRequiredTestMethod(), settings(c).cluster()).ifPresent(Assumptions::abort);
        Holder h = c.getRoot().getStore(NS).get("session", Holder.class);
        if (h != null && h.session() != null) {
            ClusterConditions.tooFewNodes(c.getRequiredTestMethod(), h.session().cluster().nodes()).ifPresent(Assumptions::abort);
        }
    }

    /** The run's settings, read once (root store). */
    private static Settings settings(ExtensionContext c) {
        return c.getRoot().getStore(NS).getOrComputeIfAbsent("settings", k -> Settings.fromEnvironment(), Settings.class);
    }

    @Override
    public boolean supportsParameter(ParameterContext p, ExtensionContext c) {
        Class<?> type = p.getParameter().getType();
        return type == Cluster.class || type == RunningStack.class || type == ClusterSession.class || type == CheckRunner.class;
    }

    @Override
    public Object resolveParameter(ParameterContext p, ExtensionContext c) {
        ClusterSession session = session(c);
        Class<?> type = p.getParameter().getType();
        if (type == Cluster.class) return session.cluster();
        if (type == RunningStack.class) return session.stack();
        if (type == CheckRunner.class) return CheckRunner.forSession(session, benchmarksOfSuite(c)::add);
        return session;
    }

    /** The run's session, started on first use. */
    public static ClusterSession session(ExtensionContext c) {
        Holder h = holder(c);
        if (h.failure() != null) {
            throw new ParameterResolutionException("cluster bring-up failed: " + h.failure().getMessage(), h.failure());
        }
        return h.session();
    }

    private static Holder holder(ExtensionContext c) {
        return c.getRoot().getStore(NS).getOrComputeIfAbsent("session", k -> {
            // the bring-up's own progress lines go into its report fixture too, succeeded or not
            TranscriptReporter transcript = new TranscriptReporter(AllureReporter.INSTANCE);
            try {
                return new Holder(ClusterSession.start(settings(c), transcript), null);
            } catch (TestAbortedException e) {
                // -Dcluster.required=true: a CI job that must test fails instead of going green untested
                return new Holder(null, settings(c).clusterRequired()
                        ? new IllegalStateException("-Dcluster.required=true, but " + e.getMessage(), e) : e);
            } catch (RuntimeException e) {
                return new Holder(null, e);
            } finally {
                AllureReporter.INSTANCE.attach("bring-up log", transcript.stop());
            }
        }, Holder.class);
    }

    /** A failure is reported (surefire/failsafe XML, Allure, console) with every secret it quotes masked. */
    @Override
    public void handleTestExecutionException(ExtensionContext c, Throwable failure) throws Throwable {
        throw MaskedFailure.of(failure);
    }

    @Override
    public void handleBeforeAllMethodExecutionException(ExtensionContext c, Throwable failure) throws Throwable {
        throw MaskedFailure.of(failure);
    }

    @Override
    public void handleBeforeEachMethodExecutionException(ExtensionContext c, Throwable failure) throws Throwable {
        throw MaskedFailure.of(failure);
    }

    @Override
    public void handleAfterEachMethodExecutionException(ExtensionContext c, Throwable failure) throws Throwable {
        throw MaskedFailure.of(failure);
    }

    @Override
    public void handleAfterAllMethodExecutionException(ExtensionContext c, Throwable failure) throws Throwable {
        throw MaskedFailure.of(failure);
    }

    @Override
    public void testFailed(ExtensionContext c, Throwable cause) {
        Holder h = c.getRoot().getStore(NS).get("session", Holder.class);
        if (h == null || h.session() == null) return;
        String name = c.getRequiredTestClass().getSimpleName() + "." + c.getRequiredTestMethod().getName();
        AllureReporter.INSTANCE.progress("test " + name + " failed: recording diagnostics");
        new FailureDiagnostics(h.session().settings().diagnosticsDir(), AllureReporter.INSTANCE).record(name, h.session().stack(), cause);
    }
}
