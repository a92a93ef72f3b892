package dev.menderharness.report;

import dev.menderharness.cluster.Diagnostics;
import dev.menderharness.cluster.RunningStack;
import dev.menderharness.support.SecretMasker;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * What a person looks at after a failure (nodes, services, tasks with errors, every service's
 * logs, the applied stack), attached to the Allure report and written under
 * {@code target/diagnostics/<name>/}, one file per attachment. Everything masked.
 */
public final class FailureDiagnostics {

    private FailureDiagnostics() {
    }

    /** Collects from {@code stack} and records under {@code name}; never throws (a failure is already being reported). */
    public static Path record(String name, RunningStack stack, Throwable failure) {
        Path dir = directory(name);
        try {
            Diagnostics d = stack.diagnostics();
            write(dir, d);
            d.attachments().forEach(Report::attach);
            if (failure != null) {
                Files.writeString(dir.resolve("failure.txt"), SecretMasker.mask(String.valueOf(failure)), StandardCharsets.UTF_8);
            }
            Report.progress("diagnostics of " + name + " written to " + dir);
        } catch (RuntimeException | IOException e) {
            Report.progress("could not collect diagnostics for " + name + ": " + e);
        }
        return dir;
    }

    public static Path directory(String name) {
        return Path.of(System.getProperty("diagnostics.dir", "target/diagnostics"), safe(name));
    }

    static void write(Path dir, Diagnostics d) throws IOException {
        Files.createDirectories(dir);
        for (var e : d.attachments().entrySet()) {
            Files.writeString(dir.resolve(safe(e.getKey()) + ".txt"), SecretMasker.mask(e.getValue()), StandardCharsets.UTF_8);
        }
    }

    static String safe(String name) {
        return name.replaceAll("[^A-Za-z0-9._-]+", "_").replaceAll("^_+|_+$", "");
    }
}
