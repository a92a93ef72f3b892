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

    /** A Path whose every method but toString throws {@code t}: the Error reaches ValidateCommand from inside the load. */
    private static Path throwing(Throwable t) {
        return (Path) java.lang.reflect.Proxy.newProxyInstance(Path.class.getClassLoader(), new Class<?>[] {Path.class}, (proxy, m, args) -> {
            if (m.getName().equals("toString")) return "/manifests";
            throw t;
        });
    }

    private static List<String> errLines(ByteArrayOutputStream err) {
        return err.toString(StandardCharsets.UTF_8).lines().toList();
    }

    @Test
    void errorsAreExit2AndOneLineNeverATrace() {
        for (Throwable t : List.of(new StackOverflowError(), new OutOfMemoryError("Java heap space"), new IllegalStateException("bug\nsecond line"),
                new NoClassDefFoundError("x/Y"))) {
            ByteArrayOutputStream out = new ByteArrayOutputStream();
            ByteArrayOutputStream err = new ByteArrayOutputStream();
            int exit = ValidateCommand.run(throwing(t), ValidateCommand.Options.of(Formats.Format.text),
                    new PrintStream(out, true, StandardCharsets.UTF_8), new PrintStream(err, true, StandardCharsets.UTF_8));
            assertThat(exit).as(t.toString()).isEqualTo(ValidateCommand.UNREADABLE);
            assertThat(errLines(err)).as(t.toString()).singleElement().asString().startsWith("/manifests: cannot validate: ")
                    .doesNotContain("\tat ", "Exception in thread");
            assertThat(out.size()).isZero();
        }
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        ValidateCommand.run(throwing(new StackOverflowError()), ValidateCommand.Options.of(Formats.Format.text),
                new PrintStream(new ByteArrayOutputStream()), new PrintStream(err, true, StandardCharsets.UTF_8));
        assertThat(errLines(err)).containsExactly("/manifests: cannot validate: input nested too deeply (stack overflow)");
    }

    @Test
    void thePicocliPathCatchesErrorsToo() {
        ValidateCommand cmd = new ValidateCommand();
        cmd.dir = throwing(new OutOfMemoryError("Java heap space"));
        cmd.format = Formats.Format.text;
        cmd.failOn = "error";
        PrintStream oldErr = System.err;
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        System.setErr(new PrintStream(err, true, StandardCharsets.UTF_8));
        try {
            assertThat(cmd.call()).isEqualTo(ValidateCommand.UNREADABLE);
        } finally {
            System.setErr(oldErr);
        }
        assertThat(errLines(err)).singleElement().asString().startsWith("/manifests: cannot validate: out of memory (max heap ");
    }

    @Test
    void aBadFailOnThroughPicocliIsOneLineNotATrace() {
        CliRun run = new CliRun();
        assertThat(run.run("validate", mini().toString(), "-f=" + mini().resolve("values.yaml"), "--fail-on", "severe")).isEqualTo(ValidateCommand.UNREADABLE);
        assertThat(run.err.toString(StandardCharsets.UTF_8).lines().filter(l -> !l.startsWith("note:")))
                .singleElement().asString().startsWith("--fail-on severe: severity 'severe': expected error, warning or info");
    }

    @Test
    void aHostileInputThroughPicocliIsExit2AndOneLine(@org.junit.jupiter.api.io.TempDir Path tmp) throws Exception {
        java.nio.file.Files.writeString(tmp.resolve("manifest.yaml"), "a: &a [ *a ]\n");
        CliRun run = new CliRun();
        assertThat(run.run("validate", tmp.toString(), "-f=unused.yaml")).isEqualTo(ValidateCommand.UNREADABLE);
        assertThat(run.err.toString(StandardCharsets.UTF_8).lines().filter(l -> !l.startsWith("note:")))
                .containsExactly(tmp.toAbsolutePath() + "/manifest.yaml:1: malformed YAML: recursive alias: &a contains an alias to itself");
    }

    @Test
    void aNoteOrMessageNamingASecretFileKeepsItsPathAndMasksTheRest(@org.junit.jupiter.api.io.TempDir Path tmp) throws Exception {
        java.nio.file.Files.writeString(tmp.resolve("secrets.yaml"), "a: [\n");
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        int exit = ValidateCommand.run(tmp, ValidateCommand.Options.of(Formats.Format.text), new PrintStream(new ByteArrayOutputStream()),
                new PrintStream(err, true, StandardCharsets.UTF_8));
        assertThat(exit).isEqualTo(ValidateCommand.UNREADABLE);
        assertThat(errLines(err)).singleElement().asString().startsWith(tmp.toAbsolutePath() + "/secrets.yaml:2: malformed YAML:");
    }

    @Test
    void theFastPathReadsEveryOptionAndLeavesTheRestToPicocli() {
        assertThat(ValidateCommand.fastRun(new String[] {"--help"})).isNull();
        assertThat(ValidateCommand.fastRun(new String[] {"dir", "--format", "yaml"})).isNull();
        assertThat(ValidateCommand.fastRun(new String[] {"dir", "--fail-on", "severe"})).isNull();
        assertThat(ValidateCommand.fastRun(new String[] {"--set"})).isNull();
    }
}
