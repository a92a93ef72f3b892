package dev.menderharness.cluster;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import org.junit.jupiter.api.Test;

/** How an exec into a FROM-scratch image (no shell, no tools) is told from a command that ran and failed. */
class ExecResultTest {

    private static ExecResult r(int code, String out, String err) {
        return new ExecResult(code, out, err, Duration.ZERO);
    }

    @Test
    void aMissingExecutableIsRecognisedInTheShapesDockerAndKubernetesReportIt() {
        assertThat(r(127, "", "").executableMissing()).isTrue();
        assertThat(r(126, "", "OCI runtime exec failed: exec: \"sh\": executable file not found in $PATH").executableMissing()).isTrue();
        assertThat(r(1, "", "exec: \"getent\": executable file not found in $PATH: unknown").executableMissing()).isTrue();
        assertThat(r(-1, "", "stat /bin/sh: no such file or directory").executableMissing()).isTrue();
    }

    @Test
    void aCommandThatRanIsNotMissing() {
        assertThat(r(0, "", "").executableMissing()).isFalse();
        assertThat(r(5, "", "user with the same email already exists").executableMissing()).isFalse();
        assertThat(r(127, "partial output", "").executableMissing()).isFalse();
        assertThat(r(2, "", "getent: not found in hosts").executableMissing()).isFalse();
    }
}
