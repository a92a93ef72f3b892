package dev.menderharness.manifest;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.fail;

import dev.menderharness.validate.Formats;
import dev.menderharness.validate.ValidationResult;
import dev.menderharness.validate.rules.StandardRules;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestFactory;
import org.junit.jupiter.api.io.TempDir;

/**
 * The malformed-input corpus ({@link HostileCorpus}, src/test/resources/hostile/cases.tsv) through the
 * loaders in this JVM, for fast feedback: each exit-2 case is a {@link ManifestException} whose one
 * line starts as the table says (file and line), never another exception; each note or finding case
 * loads and validates, and says what the table says. {@code faults.MalformedInputIT} runs the same
 * table through the real jar.
 */
class HostileInputTest {
    private static final Duration PER_CASE = Duration.ofSeconds(30);

    @TempDir
    static Path tmp;
    static Path corpus;
    static Map<String, String> skipped;

    @BeforeAll
    static void materialize() throws IOException {
        skipped = HostileCorpus.materialize(tmp.resolve("corpus"));
        corpus = tmp.resolve("corpus").toRealPath();
    }

    /** Removed here, links never followed (the corpus links to / and /dev/zero), before JUnit removes the directory. */
    @AfterAll
    static void remove() throws IOException {
        HostileCorpus.deleteTree(tmp.resolve("corpus"));
    }

    @TestFactory
    Stream<DynamicTest> everyCaseAnswersAsTheTableSays() {
        return HostileCorpus.cases().stream().filter(c -> c.jvmArgs().isEmpty())
                .map(c -> DynamicTest.dynamicTest(c.name(), () -> check(c)));
    }

    private static void check(HostileCorpus.Case c) {
        Assumptions.assumeFalse(skipped.containsKey(c.name()), () -> skipped.get(c.name()));
        Path cwd = Path.of("").toAbsolutePath();
        String expected = c.expectedLine(corpus, cwd);
        long t0 = System.nanoTime();
        ValidationResult result;
        try {
            result = StandardRules.validator().validate(Manifests.load(c.dir(corpus), options(c)));
        } catch (ManifestException e) {
            assertThat(c.exit()).as("%s ended in a ManifestException: %s", c.name(), e.oneLine()).isEqualTo(2);
            assertThat(e.oneLine()).as(c.name()).doesNotContain("\n").startsWith(expected);
            assertThat(Duration.ofNanos(System.nanoTime() - t0)).as(c.name()).isLessThan(PER_CASE);
            return;
        }
        assertThat(Duration.ofNanos(System.nanoTime() - t0)).as(c.name()).isLessThan(PER_CASE);
        if (c.exit() == 2) fail(c.name() + ": loaded without a ManifestException; expected " + expected);
        assertThat(result.hasErrors() ? 1 : 0).as("%s exit; findings %s", c.name(), result.findings()).isEqualTo(c.exit());
        switch (c.stream()) {
            case NOTE -> assertThat(result.notes().stream().map(n -> "note: " + n)).as(c.name()).anyMatch(n -> n.startsWith(expected));
            case OUT -> assertThat(Formats.render(result, Formats.Format.text).lines()).as(c.name()).anyMatch(l -> l.startsWith(expected));
            default -> fail(c.name() + ": stream " + c.stream());
        }
    }

    /** The --values/-f arguments of a case (the only ones the corpus uses). */
    private static LoadOptions options(HostileCorpus.Case c) {
        List<Path> values = new ArrayList<>();
        List<String> args = c.validateArgs(corpus);
        for (int i = 0; i < args.size(); i++) {
            String a = args.get(i);
            if (a.equals("--values") || a.equals("-f")) values.add(Path.of(args.get(++i)));
        }
        return new LoadOptions(values, List.of(), Map.of());
    }

    @Test
    void theTableCoversEveryCommittedCase() throws IOException {
        List<String> names = HostileCorpus.cases().stream().map(HostileCorpus.Case::name).toList();
        try (Stream<Path> s = Files.list(HostileCorpus.resources())) {
            List<String> dirs = s.filter(Files::isDirectory).map(p -> p.getFileName().toString())
                    .filter(n -> !List.of("clean", "symlink-target", "mutation").contains(n)).toList();
            assertThat(names).containsAll(dirs);
        }
        assertThat(HostileCorpus.cases()).filteredOn(c -> c.stream() == HostileCorpus.Stream.ERR).allMatch(c -> c.exit() == 2);
    }
}
