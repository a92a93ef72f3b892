package dev.menderharness.it;

import dev.menderharness.checks.CheckFailure;
import dev.menderharness.cluster.RunningStack;
import dev.menderharness.junit.ReportFixtures;
import dev.menderharness.manifest.ManifestVariant;
import dev.menderharness.manifest.Topology;
import dev.menderharness.report.AllureReporter;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.assertj.core.api.Assertions;
import org.assertj.core.api.ThrowableAssert;
import org.junit.jupiter.api.Assumptions;

/**
 * Applies one broken variant (fixtures/broken/NAME/variant.yaml) to the shared stack for the length
 * of one test body, and always restores the reference manifests and waits until the stack is ready
 * again, so the next test finds the stack as deployed.
 */
final class VariantRun {

    static final Duration READY_AFTER_RESTORE = Duration.ofMinutes(4);

    @FunctionalInterface
    interface Body {
        void run(ManifestVariant variant) throws Exception;
    }

    private VariantRun() {
    }

    static Path reference() {
        return Path.of(System.getProperty("manifests.dir", "manifests")).toAbsolutePath();
    }

    static Path variantDir(String name) {
        String base = System.getProperty("project.basedir", System.getProperty("user.dir"));
        return Path.of(base, "fixtures", "broken", name);
    }

    static void with(RunningStack stack, String name, Body body) throws Exception {
        with(stack, name, Map.of(), body);
    }

    /**
     * As {@link #with(RunningStack, String, Body)}; {@code ${KEY}} placeholders in the materialized
     * files are replaced first (values only known at run time, e.g. a node name).
     */
    static void with(RunningStack stack, String name, Map<String, String> placeholders, Body body) throws Exception {
        ManifestVariant variant = ManifestVariant.load(variantDir(name));
        together(stack, List.of(variant), placeholders, () -> body.run(variant));
    }

    @FunctionalInterface
    interface Checks {
        void run() throws Exception;
    }

    /**
     * Applies several single-fault variants in ONE application (each edits other lines), to save the
     * rollouts of separate applications. Only honest when every check run in {@code checks} is
     * asserted to name its own variant's fault and not another's.
     */
    static void together(RunningStack stack, List<String> names, Checks checks) throws Exception {
        together(stack, names.stream().map(n -> ManifestVariant.load(variantDir(n))).toList(), Map.of(), checks);
    }

    private static void together(RunningStack stack, List<ManifestVariant> variants, Map<String, String> placeholders,
                                 Checks checks) throws Exception {
        variants.forEach(v -> assumeItsFormIsDeployed(stack, v));
        String label = variants.stream().map(ManifestVariant::name).collect(Collectors.joining(" + "));
        Path dir = materialize(variants, placeholders);
        try {
            apply(stack, variants, label, dir);
            onVariant(label, checks);
        } finally {
            restore(stack);
            deleteQuietly(dir);
        }
    }

    /**
     * Several applications in a row, restoring the reference once at the end: each step applies its
     * variants (materialized from the reference, so only what differs from the previous step rolls)
     * and runs its checks. Every step runs even when an earlier one's assertions failed; the failures
     * are thrown together afterwards. A step whose variant edits only the other form's files is
     * skipped with the reason (as {@link #with} would abort); when every step is, the test aborts.
     */
    static void sequence(RunningStack stack, List<Step> steps) throws Exception {
        List<Throwable> failed = new ArrayList<>();
        List<String> skipped = new ArrayList<>();
        List<Path> dirs = new ArrayList<>();
        boolean applied = false;
        try {
            for (Step step : steps) {
                List<ManifestVariant> variants = step.variants().stream().map(n -> ManifestVariant.load(variantDir(n))).toList();
                String label = variants.stream().map(ManifestVariant::name).collect(Collectors.joining(" + "));
                java.util.Optional<String> otherForm = variants.stream().map(v -> formMismatch(stack, v)).flatMap(java.util.Optional::stream).findFirst();
                if (otherForm.isPresent()) {
                    skipped.add(otherForm.get());
                    AllureReporter.INSTANCE.progress("skipped: " + otherForm.get());
                    continue;
                }
                Path dir = materialize(variants, step.placeholders());
                dirs.add(dir);
                applied = true;
                apply(stack, variants, label, dir);
                try {
                    onVariant(label, step.checks());
                } catch (AssertionError | RuntimeException e) {
                    if (e instanceof org.opentest4j.TestAbortedException aborted) {
                        skipped.add(label + ": " + aborted.getMessage());
                        continue;
                    }
                    failed.add(new AssertionError("on variant " + label + ": " + e.getMessage(), e));
                }
            }
        } finally {
            if (applied) {
                restore(stack);
            }
            dirs.forEach(VariantRun::deleteQuietly);
        }
        if (!failed.isEmpty()) {
            AssertionError all = new AssertionError(failed.size() + " of " + steps.size() + " variant steps failed: "
                    + failed.stream().map(Throwable::getMessage).collect(Collectors.joining("\n")), failed.get(0));
            failed.stream().skip(1).forEach(all::addSuppressed);
            throw all;
        }
        Assumptions.assumeFalse(skipped.size() == steps.size(), () -> "every variant step skipped: " + String.join("; ", skipped));
    }

    /**
     * Applies the variants: in the report a set-up fixture of the test, apart from the check's own
     * steps, with what each variant breaks attached.
     */
    private static void apply(RunningStack stack, List<ManifestVariant> variants, String label, Path dir) throws Exception {
        ReportFixtures.setUp("apply broken variant " + label, () -> {
            for (ManifestVariant v : variants) {
                AllureReporter.INSTANCE.attach("variant " + v.name(), v.description() + "\nbreaks: " + v.breaks() + "\nedits: " + v.edits());
            }
            stack.apply(dir);
        });
    }

    /** Runs the checks as one report step named after the variant: their steps and failures grouped under it. */
    private static void onVariant(String label, Checks checks) {
        AllureReporter.INSTANCE.step("checks on variant " + label, checks::run);
    }

    /** Restores the reference manifests: a tear-down fixture of the test in the report. */
    private static void restore(RunningStack stack) throws Exception {
        ReportFixtures.tearDown("restore the reference manifests and wait until ready", () -> {
            stack.apply(reference());
            stack.awaitReady(READY_AFTER_RESTORE);
        });
    }

    /** One step of {@link #sequence}: variants applied together, the checks run on them. */
    record Step(List<String> variants, Map<String, String> placeholders, Checks checks) {
        static Step of(String variant, Checks checks) {
            return new Step(List.of(variant), Map.of(), checks);
        }

        static Step of(List<String> variants, Checks checks) {
            return new Step(variants, Map.of(), checks);
        }
    }

    /**
     * The failure a check must throw on a variant: a {@link CheckFailure} whose reason codes are
     * exactly {@code code}, the one its fault must produce, and no other.
     */
    static CheckFailure onlyReason(Throwable thrown, String code) {
        Assertions.assertThat(thrown).as("the check must fail on the variant").isInstanceOf(CheckFailure.class);
        CheckFailure f = (CheckFailure) thrown;
        Assertions.assertThat(f.reasons()).as("reason codes of: " + f.getMessage()).containsExactly(code);
        return f;
    }

    /** Runs {@code check} on the applied variant and asserts it fails with exactly {@code code}. */
    static CheckFailure failsWith(String code, ThrowableAssert.ThrowingCallable check) {
        return onlyReason(failureOf(check), code);
    }

    /**
     * Runs a check that must fail on the applied variant and returns what it threw (null if nothing),
     * for the test's assertions; the failure is reported (first line as progress, whole text
     * attached), so the report shows what the check said about the fault.
     */
    static Throwable failureOf(ThrowableAssert.ThrowingCallable check) {
        return report(Assertions.catchThrowable(check));
    }

    /** Reports what a check threw on a variant (see {@link #failureOf}); returns it. */
    static Throwable report(Throwable thrown) {
        if (thrown != null) {
            String message = String.valueOf(thrown.getMessage());
            String reason = thrown instanceof CheckFailure f ? " [" + String.join(", ", f.reasons()) + "]" : "";
            AllureReporter.INSTANCE.progress("check failed on the variant: " + thrown.getClass().getSimpleName() + reason + ": "
                    + message.lines().limit(2).reduce((a, b) -> a + " / " + b.strip()).orElse(""));
            AllureReporter.INSTANCE.attach("check failure on the variant", message);
        }
        return thrown;
    }

    /** The reference with each variant's edits applied in turn, in target/variants/. */
    private static Path materialize(List<ManifestVariant> variants, Map<String, String> placeholders) throws IOException {
        Path target = Path.of(System.getProperty("project.basedir", "."), "target", "variants");
        Files.createDirectories(target);
        Path work = Files.createTempDirectory(target, variants.get(0).name() + "-");
        Path dir = reference();
        for (int i = 0; i < variants.size(); i++) {
            ManifestVariant variant = variants.get(i);
            try {
                dir = variant.materialize(dir, work.resolve(i == variants.size() - 1 ? "manifests" : "step-" + i));
            } catch (IllegalStateException e) {
                // Variants are text edits of the reference manifests; a user's own manifests (-Dmanifests.dir) differ.
                Assumptions.abort("variant " + variant.name() + " does not apply to the manifests in " + reference() + ": " + e.getMessage());
                throw e;
            }
        }
        if (!placeholders.isEmpty()) {
            try (Stream<Path> files = Files.walk(dir)) {
                for (Path f : (Iterable<Path>) files.filter(Files::isRegularFile)::iterator) {
                    String text = Files.readString(f);
                    String out = text;
                    for (Map.Entry<String, String> e : placeholders.entrySet()) {
                        out = out.replace("${" + e.getKey() + "}", e.getValue());
                    }
                    if (!out.equals(text)) {
                        Files.writeString(f, out);
                    }
                }
            }
        }
        return dir;
    }

    /** A variant that edits only one form's files cannot break the other form: skipped with the reason. */
    private static void assumeItsFormIsDeployed(RunningStack stack, ManifestVariant v) {
        formMismatch(stack, v).ifPresent(Assumptions::abort);
    }

    private static java.util.Optional<String> formMismatch(RunningStack stack, ManifestVariant v) {
        Topology.Form form = stack.topology().form();
        boolean onlySwarm = v.edits().stream().allMatch(e -> e.file().startsWith("swarm/"));
        boolean onlyK8s = v.edits().stream().allMatch(e -> e.file().startsWith("kubernetes/"));
        if (onlySwarm && form == Topology.Form.KUBERNETES) {
            return java.util.Optional.of("variant " + v.name() + " edits only swarm/ files; this stack is deployed from the Kubernetes form");
        }
        if (onlyK8s && form == Topology.Form.SWARM) {
            return java.util.Optional.of("variant " + v.name() + " edits only kubernetes/ files; this stack is deployed from the Swarm form");
        }
        return java.util.Optional.empty();
    }

    private static void deleteQuietly(Path dir) {
        try (Stream<Path> paths = Files.walk(dir.getParent())) {
            paths.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
        } catch (IOException | UncheckedIOException ignored) {
            // target/ is cleaned by the build anyway
        }
    }
}
