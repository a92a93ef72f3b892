package dev.menderharness.manifest;

import java.nio.file.Path;

/** Where something was declared: file and 1-based line, for one-line error messages. */
public record SourceRef(Path file, int line) {
    @Override
    public String toString() {
        return file + ":" + line;
    }
}
