package dev.menderharness.junit;

import dev.menderharness.checks.BenchmarkEntry;
import dev.menderharness.checks.Check;
import dev.menderharness.checks.CheckContext;
import dev.menderharness.checks.CheckFailure;
import dev.menderharness.checks.CheckResult;
import dev.menderharness.report.AllureReporter;
import dev.menderharness.support.BenchmarkFile;
import dev.menderharness.support.Reporter;
import java.nio.file.Path;
import java.util.Objects;
import java.util.function.Consumer;

/**
 * Runs live checks for a test: gives each the session's stack and the report
 * ({@link AllureReporter}), and records the benchmark entry of what it returns in
 * {@code <benchmarks dir>/<file>.json} (merged with the other entries of that file), attaching the
 * entry to the report. A check that fails after measuring (its {@link CheckFailure} carries the
 * result) has its numbers recorded as well, then fails the test unchanged.
 *
 * <p>Declare it as a parameter of a {@link MenderClusterTest}'s test or lifecycle method:
 * <pre>{@code
 * @Test
 * void killedReplicaIsReplaced(CheckRunner checks) {
 *     KillReplicaCheck.Result r = checks.run(new KillReplicaCheck(jwt, MenderComponent.DEPLOYMENTS));
 * }
 * }</pre>
 */
public final class CheckRunner {

    private final CheckContext context;
    private final Path benchmarksDir;
    private final Consumer<BenchmarkEntry> recorded;

    public CheckRunner(CheckContext context, Path benchmarksDir) {
        this(context, benchmarksDir, entry -> { });
    }

    /** {@code recorded} sees every benchmark entry written (the suite charts them at its end). */
    CheckRunner(CheckContext context, Path benchmarksDir, Consumer<BenchmarkEntry> recorded) {
        this.context = Objects.requireNonNull(context, "context");
        this.benchmarksDir = Objects.requireNonNull(benchmarksDir, "benchmarksDir");
        this.recorded = recorded;
    }

    /** For the session's stack: the Allure reporter, the session's benchmarks directory. */
    static CheckRunner forSession(ClusterSession session, Consumer<BenchmarkEntry> recorded) {
        return new CheckRunner(new CheckContext(session.stack(), AllureReporter.INSTANCE), session.settings().benchmarksDir(),
                recorded);
    }

    /** What checks run against; also for test helpers that call the checks' clients (users, logins). */
    public CheckContext context() {
        return context;
    }

    public Path benchmarksDir() {
        return benchmarksDir;
    }

    /** Runs {@code check}, records its benchmark entry, returns its result; a failure is rethrown as it is. */
    public <R extends CheckResult> R run(Check<R> check) {
        Reporter reporter = context.reporter();
        ReportLabels.labelCheck(check.getClass());
        R result;
        try {
            result = check.run(context);
        } catch (CheckFailure f) {
            reporter.progress(name(check) + " failed: " + f.reason());
            f.measured().flatMap(CheckResult::benchmark).ifPresent(this::record);
            throw f;
        }
        result.benchmark().ifPresent(this::record);
        return result;
    }

    private void record(BenchmarkEntry entry) {
        BenchmarkFile file = BenchmarkFile.in(benchmarksDir, entry.file());
        String json = file.put(entry.key(), entry.values());
        context.reporter().attachJson("benchmark " + entry.file() + ".json: " + entry.key(), json);
        context.reporter().progress("benchmark " + entry.key() + " written to " + file.file());
        recorded.accept(entry);
    }

    private static String name(Check<?> check) {
        String simple = check.getClass().getSimpleName();
        return simple.isEmpty() ? "check" : simple;
    }
}
