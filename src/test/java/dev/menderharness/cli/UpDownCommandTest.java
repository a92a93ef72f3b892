package dev.menderharness.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

/** User mistakes on up/down: one line on stderr, non-zero exit, no stack trace, nothing started. */
class UpDownCommandTest {

    @TempDir
    Path dir;

    private final ByteArrayOutputStream out = new ByteArrayOutputStream();
    private final ByteArrayOutputStream err = new ByteArrayOutputStream();

    private int run(String... args) {
        PrintStream oldOut = System.out;
        PrintStream oldErr = System.err;
        System.setOut(new PrintStream(out, true, StandardCharsets.UTF_8));
        System.setErr(new PrintStream(err, true, StandardCharsets.UTF_8));
        try {
            return new CommandLine(new HarnessCli()).execute(args);
        } finally {
            System.setOut(oldOut);
            System.setErr(oldErr);
        }
    }

    private String errText() {
        return err.toString(StandardCharsets.UTF_8);
    }

    @Test
    void upWithoutAStackFileSaysWhichDirectory() {
        assertThat(run("up", "--manifests", dir.toString())).isEqualTo(2);
        assertThat(errText()).startsWith("error: " + dir).contains("swarm/stack.yml").hasLineCount(1);
    }

    @Test
    void upKeepsOnlySwarmRuns() {
        assertThat(run("up", "--provider", "k3s")).isEqualTo(2);
        assertThat(errText()).startsWith("error: up keeps only a DinD swarm").hasLineCount(1);
    }

    @Test
    void downOfAnUnknownRunIsOneLineAndFails() {
        // with Docker: "no run ..."; without: "no Docker engine reachable ..." - one line either way
        assertThat(run("down", "r000000000000dead")).isEqualTo(1);
        assertThat(errText()).startsWith("error: ").hasLineCount(1).doesNotContain("Exception");
    }

    @Test
    void downNeedsARunIdOrAll() {
        assertThat(run("down")).isNotZero();
        assertThat(run("down", "r1", "--all")).isNotZero();
    }
}
