package dev.menderharness.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.net.URISyntaxException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;
import dev.menderharness.validate.Formats;
import dev.menderharness.validate.Severity;
import org.junit.jupiter.api.Test;

/** validate's options: Helm values and --set, --fail-on, a chart directory given directly. */
class ValidateCommandTest {
    static Path mini() {
        try {
            return Path.of(ValidateCommandTest.class.getResource("/helm/mini").toURI());
        } catch (URISyntaxException e) {
            throw new IllegalStateException(e);
        }
    }

    private static int run(ValidateCommand.Options o, ByteArrayOutputStream out) {
        return ValidateCommand.run(mini(), o, new PrintStream(out, true, StandardCharsets.UTF_8), new PrintStream(new ByteArrayOutputStream()));
    }

    @Test
    void warningsPassUnlessFailOnLowersTheBar() {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        assertThat(run(ValidateCommand.Options.of(Formats.Format.text), out)).isEqualTo(ValidateCommand.CLEAN);
        assertThat(out.toString(StandardCharsets.UTF_8)).contains("warning [shared-secret]");
        assertThat(run(new ValidateCommand.Options(Formats.Format.text, Severity.WARNING, List.of(), List.of()), new ByteArrayOutputStream()))
                .isEqualTo(ValidateCommand.FINDINGS);
    }

    @Test
    void setPairsReachTheChart() {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        int exit = run(new ValidateCommand.Options(Formats.Format.text, Severity.ERROR, List.of(), List.of("deployments.replicas=2")), out);
        assertThat(exit).isEqualTo(ValidateCommand.FINDINGS);
        assertThat(out.toString(StandardCharsets.UTF_8)).contains("error [shared-secret]", "replicas: 2");
    }

    @Test
    void theFastPathReadsEveryOptionAndLeavesTheRestToPicocli() {
        assertThat(ValidateCommand.fastRun(new String[] {"--help"})).isNull();
        assertThat(ValidateCommand.fastRun(new String[] {"dir", "--format", "yaml"})).isNull();
        assertThat(ValidateCommand.fastRun(new String[] {"dir", "--fail-on", "severe"})).isNull();
        assertThat(ValidateCommand.fastRun(new String[] {"--set"})).isNull();
    }
}
