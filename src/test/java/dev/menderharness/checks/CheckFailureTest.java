package dev.menderharness.checks;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.menderharness.support.SecretMasker;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class CheckFailureTest {

    record Measured(int n) implements CheckResult {
    }

    @Test
    void isAnAssertionErrorWithAnUpperSnakeReason() {
        CheckFailure f = new CheckFailure("REPLICA_NOT_REPLACED", "mender-deployments was not replaced");
        assertThat(f).isInstanceOf(AssertionError.class).hasMessage("mender-deployments was not replaced");
        assertThat(f.reason()).isEqualTo("REPLICA_NOT_REPLACED");
        assertThat(f.reasons()).containsExactly("REPLICA_NOT_REPLACED");
        assertThat(f.measured()).isEmpty();
        assertThat(f.toString()).contains("[REPLICA_NOT_REPLACED]");
        for (String bad : new String[] {"replica_not_replaced", "NOT-HEALTHY", "_X", "X__Y", ""}) {
            assertThatThrownBy(() -> new CheckFailure(bad, "m")).as(bad).isInstanceOf(IllegalArgumentException.class);
        }
    }

    @Test
    void itsMessageIsMasked() {
        SecretMasker.register("s3cr3t-value-for-the-test");
        CheckFailure f = new CheckFailure("LOGIN_FAILED", "login with s3cr3t-value-for-the-test and "
                + "eyJhbGciOiJSUzI1NiJ9.eyJzdWIiOiJ4In0.c2lnbmF0dXJl failed");
        assertThat(f.getMessage()).doesNotContain("s3cr3t-value-for-the-test", "eyJzdWIiOiJ4In0").contains("****");
    }

    @Test
    void carriesWhatWasMeasuredKeepingEverythingElse() {
        CheckFailure f = new CheckFailure("LATE_FAILURES", "late", new IllegalStateException("cause"));
        CheckFailure g = f.withMeasured(new Measured(3));
        assertThat(g.reason()).isEqualTo("LATE_FAILURES");
        assertThat(g).hasMessage("late").hasCauseInstanceOf(IllegalStateException.class);
        assertThat(g.getStackTrace()).isEqualTo(f.getStackTrace());
        assertThat(g.measured()).contains(new Measured(3));
        assertThat(g.measured().flatMap(CheckResult::benchmark)).isEqualTo(Optional.empty());
    }

    @Test
    void aBenchmarkEntryIsAPlainFileNameAKeyAndOrderedValues() {
        Map<String, Object> values = new java.util.LinkedHashMap<>();
        values.put("b", 1);
        values.put("a", null);
        BenchmarkEntry e = new BenchmarkEntry("recovery", "recovery.node-loss", values);
        values.put("c", 2);
        assertThat(e.values().keySet()).containsExactly("b", "a");
        for (String bad : List.of("../recovery", "recovery.json", "sub/dns", "")) {
            assertThatThrownBy(() -> new BenchmarkEntry(bad, "k", Map.of())).as(bad).isInstanceOf(IllegalArgumentException.class);
        }
        assertThatThrownBy(() -> new BenchmarkEntry("dns", " ", Map.of())).isInstanceOf(IllegalArgumentException.class);
    }
}
