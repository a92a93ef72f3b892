package dev.menderharness.manifest;

import java.nio.file.Path;

/** Input the harness cannot read (malformed YAML, missing referenced file): one line, file:line: message. */
public final class ManifestException extends RuntimeException {
    private final transient Path file;
    private final int line;

    public ManifestException(Path file, int line, String message) {
        super(message);
        this.file = file;
        this.line = line;
    }

    public Path file() { return file; }

    public int line() { return line; }

    /** {@code file:line}, or {@code file} when the line is not known. */
    public String location() {
        return line > 0 ? file + ":" + line : String.valueOf(file);
    }

    /** {@code file:line: message}, the form printed by the CLI. */
    public String oneLine() {
        return location() + ": " + getMessage();
    }
}
