package dev.menderharness.validate;

import java.nio.file.Path;

/** Paths as a person wants them in a report: relative to the working directory when below it. */
final class Paths2 {
    private static final Path CWD = Path.of("").toAbsolutePath();

    private Paths2() {
    }

    static String display(Path p) {
        Path abs = p.toAbsolutePath().normalize();
        return abs.startsWith(CWD) ? CWD.relativize(abs).toString() : abs.toString();
    }
}
