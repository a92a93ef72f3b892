package dev.menderharness.checks;

import dev.menderharness.report.Report;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;

/** Writes benchmark JSON to {@code target/benchmarks/<name>.json} and attaches it to the report. */
public final class Benchmarks {

    private Benchmarks() {
    }

    public static Path directory() {
        String explicit = System.getProperty("benchmarks.dir");
        if (explicit != null && !explicit.isBlank()) {
            return Path.of(explicit);
        }
        String basedir = System.getProperty("project.basedir");
        return (basedir == null || basedir.isBlank() ? Path.of("target") : Path.of(basedir, "target")).resolve("benchmarks");
    }

    public static Path write(String name, String json) {
        Path file = directory().resolve(name + ".json");
        try {
            Files.createDirectories(file.getParent());
            Files.writeString(file, json, StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write benchmark " + file + ": " + e.getMessage(), e);
        }
        Report.attachJson("benchmark " + name + ".json", json);
        Report.progress("benchmark written: " + file);
        return file;
    }
}
