package dev.menderharness.it;

import dev.menderharness.cluster.RunningStack;
import dev.menderharness.manifest.ManifestVariant;
import dev.menderharness.report.Report;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.stream.Stream;

/**
 * Applies a broken variant of the manifests to the shared stack for the length of one test and
 * always restores the reference afterwards ({@code apply(reference)} + {@code awaitReady}), so the
 * next test finds the stack as deployed.
 */
final class DataVariants {

    static final Duration RESTORE_READY = Duration.ofMinutes(3);

    private DataVariants() {
    }

    static Path manifests() {
        return Path.of(System.getProperty("manifests.dir", "manifests")).toAbsolutePath();
    }

    static Path variantDir(String name) {
        String base = System.getProperty("project.basedir", System.getProperty("user.dir"));
        return Path.of(base, "fixtures", "broken", name);
    }

    /** Materializes the variant into a temp directory, then replaces {@code ${KEY}} placeholders. */
    static Path materialize(String name, Map<String, String> placeholders) {
        try {
            Path target = Files.createTempDirectory("variant-" + name + "-").resolve("manifests");
            ManifestVariant.load(variantDir(name)).materialize(manifests(), target);
            if (!placeholders.isEmpty()) {
                try (Stream<Path> files = Files.walk(target)) {
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
            return target;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    interface Body {
        void run() throws Exception;
    }

    static void with(RunningStack stack, String name, Map<String, String> placeholders, Body body) throws Exception {
        Path dir = materialize(name, placeholders);
        try {
            Report.step("apply broken variant " + name, () -> stack.apply(dir));
            body.run();
        } finally {
            Report.step("restore the reference manifests", () -> {
                stack.apply(manifests());
                stack.awaitReady(RESTORE_READY);
            });
        }
    }
}
