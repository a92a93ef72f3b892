package dev.menderharness.cli;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;

/** What {@code up} kept, under {@code ~/.mender-cluster-harness/runs/<runId>.json}, for people and {@code down}. */
final class RunState {

    private RunState() {
    }

    static Path dir() {
        return dev.menderharness.support.Settings.fromEnvironment().stateDir();
    }

    static Path write(String runId, Map<String, Object> state) {
        try {
            Files.createDirectories(dir());
            Path f = dir().resolve(runId + ".json");
            new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT).writeValue(f.toFile(), state);
            return f;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Where a kept swarm run's engine client certificate goes (DOCKER_CERT_PATH for the docker CLI). */
    static Path engineCertDir(String runId) {
        return dir().resolve(runId + "-engine-tls");
    }

    static void delete(String runId) {
        try {
            Path certs = engineCertDir(runId);
            if (Files.isDirectory(certs)) {
                try (var files = Files.list(certs)) {
                    for (Path f : files.toList()) Files.delete(f);
                }
                Files.delete(certs);
            }
            Files.deleteIfExists(dir().resolve(runId + ".json"));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
