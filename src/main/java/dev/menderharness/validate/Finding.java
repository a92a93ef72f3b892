package dev.menderharness.validate;

import dev.menderharness.manifest.SourceRef;
import java.nio.file.Path;

/**
 * One problem in the manifests.
 *
 * @param resource the offending object: kind/name (Kubernetes), the service name (Swarm), or
 *                 "gateway location X" for the nginx configuration
 */
public record Finding(String rule, Severity severity, Path file, int line, String resource, String message) {

    public static Finding error(String rule, SourceRef at, String resource, String message) {
        return of(rule, Severity.ERROR, at, resource, message);
    }

    public static Finding of(String rule, Severity severity, SourceRef at, String resource, String message) {
        return new Finding(rule, severity, at == null ? null : at.file(), at == null ? 0 : at.line(), resource, message);
    }

    /** {@code file:line}; the file alone when the finding is about the file as a whole (line 0). */
    public String location() {
        return (file == null ? "-" : Paths2.display(file)) + (line > 0 ? ":" + line : "");
    }
}
