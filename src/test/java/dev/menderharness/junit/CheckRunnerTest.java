package dev.menderharness.junit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowable;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.menderharness.checks.BenchmarkEntry;
import dev.menderharness.checks.Check;
import dev.menderharness.checks.CheckContext;
import dev.menderharness.checks.CheckFailure;
import dev.menderharness.checks.CheckResult;
import dev.menderharness.checks.FakeStack;
import dev.menderharness.checks.RecordingReporter;
import java.nio.file.Path;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class CheckRunnerTest {

    @TempDir
    Path benchmarks;

    private final RecordingReporter reporter = new RecordingReporter();
    private final CheckContext context = new CheckContext(new FakeStack(FakeStack.topology(
            FakeStack.service("mender-useradm", "mendersoftware/useradm:v4.1.3", Map.of(), Set.of(), 1))), reporter);

    /** A result that records {@code seconds} under {@code key} in recovery.json, or nothing when key is null. */
    record Timed(String key, double seconds) implements CheckResult {
        @Override
        public Optional<BenchmarkEntry> benchmark() {
            return key == null ? Optional.empty() : Optional.of(new BenchmarkEntry("recovery", key, Map.of("seconds", seconds)));
        }
    }

    private CheckRunner runner() {
        return new CheckRunner(context, benchmarks);
    }

    private JsonNode file(String name) throws Exception {
        return new ObjectMapper().readTree(benchmarks.resolve(name).toFile());
    }

    @Test
    void runsTheCheckInItsContextAndRecordsItsBenchmarkEntry() throws Exception {
        AtomicReference<CheckContext> seen = new AtomicReference<>();
        Timed r = runner().run(ctx -> {
            seen.set(ctx);
            return new Timed("recovery.one", 1.5);
        });
        assertThat(r.seconds()).isEqualTo(1.5);
        assertThat(seen.get()).isSameAs(context);
        assertThat(file("recovery.json").path("recovery.one").path("seconds").asDouble()).isEqualTo(1.5);
        assertThat(reporter.attachments).singleElement().satisfies(a -> {
            assertThat(a.json()).isTrue();
            assertThat(a.title()).isEqualTo("benchmark recovery.json: recovery.one");
            assertThat(a.text()).contains("\"seconds\" : 1.5", "recorded_at");
        });
    }

    @Test
    void entriesOfOtherChecksInTheSameFileAreKept() throws Exception {
        runner().run(ctx -> new Timed("recovery.one", 1.0));
        runner().run(ctx -> new Timed("recovery.two", 2.0));
        runner().run(ctx -> new Timed("recovery.one", 3.0));
        JsonNode root = file("recovery.json");
        assertThat(root.size()).isEqualTo(2);
        assertThat(root.path("recovery.one").path("seconds").asDouble()).isEqualTo(3.0);
        assertThat(root.path("recovery.two").path("seconds").asDouble()).isEqualTo(2.0);
    }

    @Test
    void aResultWithoutBenchmarkWritesNothing() {
        runner().run(ctx -> new Timed(null, 1.0));
        assertThat(benchmarks).isEmptyDirectory();
        assertThat(reporter.attachments).isEmpty();
    }

    @Test
    void aFailureThatMeasuredIsRecordedThenRethrownAsItIs() throws Exception {
        CheckFailure failure = new CheckFailure("LATE_FAILURES", "2 requests failed late").withMeasured(new Timed("recovery.late", 9.0));
        Check<Timed> failing = ctx -> {
            throw failure;
        };
        Throwable thrown = catchThrowable(() -> runner().run(failing));
        assertThat(thrown).isSameAs(failure);
        assertThat(file("recovery.json").path("recovery.late").path("seconds").asDouble()).isEqualTo(9.0);
        assertThat(reporter.progress).anyMatch(p -> p.contains("failed: LATE_FAILURES"));
    }

    @Test
    void aFailureWithoutMeasurementsOrAnyOtherExceptionWritesNothing() {
        Check<Timed> failing = ctx -> {
            throw new CheckFailure("NOT_HEALTHY", "not healthy");
        };
        assertThat(catchThrowable(() -> runner().run(failing))).isInstanceOf(CheckFailure.class).hasMessage("not healthy");
        Check<Timed> broken = ctx -> {
            throw new IllegalStateException("provider broke");
        };
        assertThat(catchThrowable(() -> runner().run(broken))).isInstanceOf(IllegalStateException.class);
        assertThat(benchmarks).isEmptyDirectory();
    }
}
