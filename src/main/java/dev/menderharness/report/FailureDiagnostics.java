package dev.menderharness.report;

import dev.menderharness.cluster.Diagnostics;
import dev.menderharness.cluster.RunningStack;
import dev.menderharness.support.Reporter;
import dev.menderharness.support.SecretMasker;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * What a person looks at after a failure (nodes, services, tasks with errors, every service's
 * logs, the applied stack), attached to the report and written under {@code <dir>/<name>/}, one
 * file per attachment. Everything masked.
 */
public final class FailureDiagnostics {

    private final Path dir;
    private final Reporter reporter;

    /** {@code dir}: the diagnostics directory ({@code -Ddiagnostics.dir}, default target/diagnostics). */
    public FailureDiagnostics(Path dir, Reporter reporter) {
        this.dir = dir;
        this.reporter = reporter;
    }

    /** Collects from {@code stack} and records under {@code name}; never throws (a failure is already being reported). */
    public Path record(String name, RunningStack stack, Throwable failure) {
        Diagnostics d;
        try {
            d = stack.diagnostics();
        } catch (RuntimeException e) {
            reporter.progress("could not collect diagnostics for " + name + ": " + e);
            return directory(name);
        }
        return record(name, d, failure);
    }

    /** Records diagnostics collected earlier (a bring-up that failed) under {@code name}; never throws. */
    public Path record(String name, Diagnostics d, Throwable failure) {
        Path target = directory(name);
        try {
            write(target, d);
            d.attachments().forEach(reporter::attach);
            if (failure != null) {
                Files.writeString(target.resolve("failure.txt"), SecretMasker.mask(String.valueOf(failure)), StandardCharsets.UTF_8);
            }
            reporter.progress("diagnostics of " + name + " written to " + target);
        } catch (RuntimeException | IOException e) {
            reporter.progress("could not record diagnostics for " + name + ": " + e);
        }
        return target;
    }

    public Path directory(String name) {
        return dir.resolve(safe(name));
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
