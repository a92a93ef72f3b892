package dev.menderharness.report;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class AllureReporterTest {

    private final ByteArrayOutputStream out = new ByteArrayOutputStream();
    private PrintStream original;

    @BeforeEach
    void captureStdout() {
        original = System.out;
        System.setOut(new PrintStream(out, true, StandardCharsets.UTF_8));
    }

    @AfterEach
    void restoreStdout() {
        System.setOut(original);
    }

    private String printed() {
        return out.toString(StandardCharsets.UTF_8).strip();
    }

    @Test
    void aStepReturnsItsValueAndIsLoggedWithItsTime() {
        assertThat(AllureReporter.INSTANCE.step("upload an artifact", () -> 42)).isEqualTo(42);
        assertThat(printed()).matches("\\[harness] upload an artifact \\(\\d+[.,]\\ds\\)");
    }

    @Test
    void aFailedAssertionInAStepIsRethrownAsItIsAndLoggedAsFailed() {
        AssertionError fault = new AssertionError("want 200, got 403");
        assertThatThrownBy(() -> AllureReporter.INSTANCE.step("link returns identical bytes", () -> {
            throw fault;
        })).isSameAs(fault);
        assertThat(printed()).matches("\\[harness] link returns identical bytes: FAILED after \\d+[.,]\\ds");
    }
}
