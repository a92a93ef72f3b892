package dev.menderharness.faults;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.fail;

import dev.menderharness.junit.Tags;
import dev.menderharness.manifest.HostileCorpus;
import dev.menderharness.support.Settings;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.TestFactory;

/**
 * The malformed-input corpus (src/test/resources/hostile/cases.tsv, {@link HostileCorpus}) through the
 * real CLI: {@code java -Xmx512m -jar target/mender-cluster-harness.jar validate CASE}, one JVM per
 * case. Every exit-2 case prints exactly one line besides notes, starting as the table says (file and
 * line); no case prints a stack trace ("Exception", "at ..." lines) or takes longer than
 * {@link #WITHIN} (no hang); the note and finding cases exit as the table says. Needs the jar
 * ({@code mvn package}); no cluster, no Docker.
 */
@Tag(Tags.FAULTS)
class MalformedInputIT {
    /** A case's bound, JVM start included: the slowest (a chart rendered by helm-java) takes about 1 s. */
    private static final Duration WITHIN = Duration.ofSeconds(60);
    private static final Settings SETTINGS = Settings.fromEnvironment();
    private static final Path JAR = SETTINGS.projectDir().resolve("target/mender-cluster-harness.jar");
    private static final Path CORPUS = SETTINGS.projectDir().resolve("target/hostile-corpus");
    private static final List<String> SUMMARY = new ArrayList<>();

    private static Path corpus;
    private static Map<String, String> skipped;

    @BeforeAll
    static void materialize() throws IOException {
        assertThat(JAR).as("run after mvn package").exists();
        skipped = HostileCorpus.materialize(CORPUS);
        corpus = CORPUS.toRealPath();
    }

    @AfterAll
    static void summary() throws IOException {
        // The huge and special files go; the table of what each case answered stays.
        Files.write(SETTINGS.projectDir().resolve("target/hostile-corpus-results.tsv"), SUMMARY, StandardCharsets.UTF_8);
        HostileCorpus.deleteTree(CORPUS);
    }

    @TestFactory
    Stream<DynamicTest> everyCaseThroughTheJar() {
        return HostileCorpus.cases().stream().map(c -> DynamicTest.dynamicTest(c.name(), () -> check(c)));
    }

    private static void check(HostileCorpus.Case c) throws Exception {
        Assumptions.assumeFalse(skipped.containsKey(c.name()), () -> skipped.get(c.name()));
        List<String> cmd = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString()));
        cmd.addAll(c.jvmArgs().isEmpty() ? List.of("-Xmx512m") : c.jvmArgs());
        cmd.addAll(List.of("-jar", JAR.toString(), "validate", c.dir(corpus).toString()));
        cmd.addAll(c.validateArgs(corpus));
        Path out = Files.createTempFile(SETTINGS.projectDir().resolve("target"), "malformed-" + c.name(), ".out");
        Path err = Files.createTempFile(SETTINGS.projectDir().resolve("target"), "malformed-" + c.name(), ".err");
        try {
            long t0 = System.nanoTime();
            Process p = new ProcessBuilder(cmd).directory(corpus.toFile()).redirectOutput(out.toFile()).redirectError(err.toFile()).start();
            if (!p.waitFor(WITHIN.toSeconds(), TimeUnit.SECONDS)) {
                p.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
                fail(c.name() + ": no answer within " + WITHIN + " (a hang)");
            }
            long ms = (System.nanoTime() - t0) / 1_000_000;
            List<String> stdout = Files.readAllLines(out, StandardCharsets.UTF_8);
            List<String> stderr = Files.readAllLines(err, StandardCharsets.UTF_8);
            List<String> lines = stderr.stream().filter(l -> !l.startsWith("note: ")).toList();
            SUMMARY.add(c.name() + "\t" + p.exitValue() + "\t" + ms + " ms\t" + (lines.isEmpty() ? "" : lines.get(0)));
            String what = c.name() + " (" + String.join(" ", cmd) + ")\nstderr:\n" + String.join("\n", stderr.subList(0, Math.min(20, stderr.size())));

            assertThat(p.exitValue()).as(what).isEqualTo(c.exit());
            assertThat(stderr).as(what).noneMatch(l -> l.contains("Exception") || l.matches("\\s+at .*") || l.startsWith("at "));
            assertThat(stdout).as(what).noneMatch(l -> l.contains("Exception") || l.matches("\\s+at .*"));
            String expected = c.expectedLine(corpus, corpus);
            switch (c.stream()) {
                case ERR -> assertThat(lines).as(what).singleElement().asString().startsWith(expected);
                case NOTE -> {
                    assertThat(lines).as(what).isEmpty();
                    assertThat(stderr).as(what).anyMatch(l -> l.startsWith(expected));
                }
                case OUT -> {
                    assertThat(lines).as(what).isEmpty();
                    assertThat(stdout).as(what + "\nstdout:\n" + String.join("\n", stdout)).anyMatch(l -> l.startsWith(expected));
                }
                default -> fail(c.name());
            }
            assertThat(Duration.ofMillis(ms)).as(what).isLessThan(WITHIN);
        } finally {
            Files.deleteIfExists(out);
            Files.deleteIfExists(err);
        }
    }
}
