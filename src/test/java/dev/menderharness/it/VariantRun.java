package dev.menderharness.it;

import dev.menderharness.cluster.RunningStack;
import dev.menderharness.manifest.ManifestVariant;
import dev.menderharness.manifest.Topology;
import dev.menderharness.report.Report;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import org.junit.jupiter.api.Assumptions;

/**
 * Applies one broken variant (fixtures/broken/NAME) to the running stack, runs the body, and always
 * restores the reference manifests and waits until the stack is ready again.
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
        return Path.of(System.getProperty("project.basedir", ".")).resolve("fixtures/broken").resolve(name);
    }

    static void with(RunningStack stack, String name, Body body) throws Exception {
        ManifestVariant variant = ManifestVariant.load(variantDir(name));
        assumeItsFormIsDeployed(stack, variant);
        Path target = Path.of(System.getProperty("project.basedir", "."), "target", "variants");
        Files.createDirectories(target);
        Path dir;
        try {
            dir = variant.materialize(reference(), Files.createTempDirectory(target, name + "-"));
        } catch (IllegalStateException e) {
            // Variants are text edits of the reference manifests; a user's own manifests (-Dmanifests.dir) differ.
            Assumptions.abort("variant " + name + " does not apply to the manifests in " + reference() + ": " + e.getMessage());
            return;
        }
        Report.attach("variant " + name, variant.description() + "\nbreaks: " + variant.breaks() + "\nedits: " + variant.edits());
        try {
            Report.step("apply broken variant " + name, () -> stack.apply(dir));
            body.run(variant);
        } finally {
            Report.step("restore the reference manifests and wait until ready", () -> {
                stack.apply(reference());
                stack.awaitReady(READY_AFTER_RESTORE);
            });
            deleteQuietly(dir);
        }
    }

    /** A variant that edits only one form's files cannot break the other form: skipped with the reason. */
    private static void assumeItsFormIsDeployed(RunningStack stack, ManifestVariant v) {
        Topology.Form form = stack.topology().form();
        boolean onlySwarm = v.edits().stream().allMatch(e -> e.file().startsWith("swarm/"));
        boolean onlyK8s = v.edits().stream().allMatch(e -> e.file().startsWith("kubernetes/"));
        Assumptions.assumeFalse(onlySwarm && form == Topology.Form.KUBERNETES,
                "variant " + v.name() + " edits only swarm/ files; this stack is deployed from the Kubernetes form");
        Assumptions.assumeFalse(onlyK8s && form == Topology.Form.SWARM,
                "variant " + v.name() + " edits only kubernetes/ files; this stack is deployed from the Swarm form");
    }

    private static void deleteQuietly(Path dir) {
        try (var paths = Files.walk(dir)) {
            paths.sorted(java.util.Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
        } catch (IOException | UncheckedIOException ignored) {
            // target/ is cleaned by the build anyway
        }
    }
}
