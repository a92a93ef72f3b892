package dev.menderharness.support;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class ConsoleReporterTest {

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
    void aStepThatReturnsIsLoggedWithItsTime() {
        assertThat(Reporter.console().step("upload an artifact", () -> 42)).isEqualTo(42);
        assertThat(printed()).matches("\\[harness] upload an artifact \\(\\d+[.,]\\ds\\)");
    }

    @Test
    void aStepThatThrowsIsLoggedAsFailedNotAsDone() {
        IllegalStateException fault = new IllegalStateException("403 from the gateway");
        assertThatThrownBy(() -> Reporter.console().step("link returns identical bytes", () -> {
            throw fault;
        })).isSameAs(fault);
        assertThat(printed()).matches("\\[harness] link returns identical bytes: FAILED after \\d+[.,]\\ds");
    }

    @Test
    void stepNamesAreMaskedInTheLine() {
        Reporter.console().step("connect to mongodb://root:hunter2secret@mender-mongo:27017", () -> null);
        assertThat(printed()).doesNotContain("hunter2secret").contains("mender-mongo:27017");
    }
}
