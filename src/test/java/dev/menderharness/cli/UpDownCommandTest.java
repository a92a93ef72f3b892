package dev.menderharness.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** User mistakes on up/down: one line on stderr, non-zero exit, no stack trace, nothing started. */
class UpDownCommandTest {

    @TempDir
    Path dir;

    private final CliRun cli = new CliRun();
    private final ByteArrayOutputStream out = cli.out;
    private final ByteArrayOutputStream err = cli.err;

    private int run(String... args) {
        return cli.run(args);
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
        assertThat(errText()).startsWith("error: up keeps only clusters it can leave running (swarm), not 'k3s'").hasLineCount(1);
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
